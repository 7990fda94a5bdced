#include "sandbox/proc_status.h"

#include <algorithm>
#include <vector>

namespace sandmux::sandbox {

std::optional<std::uint64_t> resident_bytes_from_status(std::string_view status) {
  constexpr std::string_view kKey = "VmRSS:";
  std::size_t at = 0;
  while (at < status.size()) {
    const std::size_t end = std::min(status.find('\n', at), status.size());
    std::string_view line = status.substr(at, end - at);
    at = end + 1;
    if (line.substr(0, kKey.size()) != kKey) continue;
    line.remove_prefix(kKey.size());
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    std::uint64_t kib = 0;
    std::size_t digits = 0;
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9' && digits < 15) {
      kib = kib * 10 + static_cast<std::uint64_t>(line[digits] - '0');
      ++digits;
    }
    if (digits == 0 || line.substr(digits) != " kB") return std::nullopt;
    return kib * 1024;
  }
  return std::nullopt;
}

namespace {

std::optional<long> number(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t start = text.find_first_not_of(" \t", at);
    if (start == std::string_view::npos) break;
    const std::size_t end = std::min(text.find_first_of(" \t", start), text.size());
    out.push_back(text.substr(start, end - start));
    at = end;
  }
  return out;
}

}  // namespace

std::optional<long> innermost_pid_from_status(std::string_view status) {
  constexpr std::string_view kKey = "NSpid:";
  std::size_t at = 0;
  while (at < status.size()) {
    const std::size_t end = std::min(status.find('\n', at), status.size());
    const std::string_view line = status.substr(at, end - at);
    at = end + 1;
    if (line.substr(0, kKey.size()) != kKey) continue;
    const std::vector<std::string_view> pids = words(line.substr(kKey.size()));
    if (pids.empty()) return std::nullopt;
    return number(pids.back());
  }
  return std::nullopt;
}

std::optional<long> session_from_stat(std::string_view stat) {
  const std::size_t paren = stat.rfind(')');
  if (paren == std::string_view::npos) return std::nullopt;
  // After ") ": state, ppid, pgrp, session.
  const std::vector<std::string_view> fields = words(stat.substr(paren + 1));
  if (fields.size() < 4) return std::nullopt;
  return number(fields[3]);
}

}  // namespace sandmux::sandbox

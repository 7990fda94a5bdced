#include "sandbox/proc_status.h"

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

}  // namespace sandmux::sandbox

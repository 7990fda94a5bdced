// Session name rules and default names. Everything here is byte-oriented: a name is
// valid only if every byte is in the allowed ASCII set, so no UTF-8 decoding is needed
// except to show a whole non-ASCII character in an error.
#include "broker/session_name.h"

#include <algorithm>
#include <cstdint>

namespace sandmux::broker {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool allowed_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

void append_escaped(std::string& out, char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (c == '\'' || c == '\\') {
    out += '\\';
    out += c;
  } else if (byte >= 0x20 && byte < 0x7f) {
    out += c;
  } else {
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 0xf];
  }
}

/// How many bytes starting at TEXT[AT] form one character for an error message: a
/// well-formed UTF-8 sequence counts as one character, anything else is one byte.
std::size_t character_length(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 1;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
  }
  if (at + length > text.size()) return 1;
  for (std::size_t i = at + 1; i < at + length; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) return 1;
  }
  return length;
}

std::string invalid(std::string_view name, std::string_view why) {
  return "invalid session name " + quote_for_message(name) + ": " + std::string(why);
}

std::string basename_of(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const std::size_t slash = path.rfind('/');
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  return std::string(path);
}

/// PROGRAM's basename made into a valid name stem of at most 48 characters.
std::string name_stem(std::string_view program) {
  std::string stem = basename_of(program);
  std::replace_if(
      stem.begin(), stem.end(), [](char c) { return !allowed_byte(c); }, '_');
  const std::size_t first = stem.find_first_not_of("-._");
  stem.erase(0, std::min(first, stem.size()));
  if (stem.size() > 48) stem.resize(48);
  if (stem.empty()) stem = "session";
  return stem;
}

}  // namespace

std::string quote_for_message(std::string_view text, std::size_t max_bytes) {
  const bool cut = text.size() > max_bytes;
  if (cut) text = text.substr(0, max_bytes);
  std::string out = "'";
  for (char c : text) append_escaped(out, c);
  out += '\'';
  if (cut) out += "...";
  return out;
}

std::optional<std::string> session_name_error(std::string_view name) {
  if (name.empty()) return invalid(name, "it is empty (use letters, digits, '.', '_' and '-')");
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (allowed_byte(name[i])) continue;
    const std::string_view bad = name.substr(i, character_length(name, i));
    return invalid(
        name, quote_for_message(bad) + " is not allowed (use letters, digits, '.', '_' and '-')");
  }
  if (name.front() == '-') return invalid(name, "it must not start with '-'");
  // "." and ".." are path components; no name made only of dots, so that a name can
  // never walk a path if it is ever used in one.
  if (name.find_first_not_of('.') == std::string_view::npos) {
    return invalid(name, "a name of dots only is not allowed");
  }
  if (name.size() > kMaxSessionNameLength) {
    return invalid(name, std::to_string(name.size()) + " characters, at most " +
                             std::to_string(kMaxSessionNameLength) + " are allowed");
  }
  return std::nullopt;
}

std::string default_session_name(std::span<const std::string> command, const NameTaken& taken) {
  const std::string stem = name_stem(command.empty() ? std::string_view() : command.front());
  for (std::uint64_t n = 1;; ++n) {
    std::string candidate = stem + "-" + std::to_string(n);
    if (!taken(candidate)) return candidate;
  }
}

}  // namespace sandmux::broker

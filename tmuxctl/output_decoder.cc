/*
 * Octal decoding of %output data. The hot loop finds the next backslash with memchr and
 * copies the run before it in one append, so plain text costs one memchr and one memcpy.
 * Invariant: every input byte is either copied or consumed by one well-formed escape.
 */
#include "tmuxctl/output_decoder.h"

#include <cstring>

namespace sandmux::tmuxctl {
namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

/// Decodes the escape at P (which points at a backslash) if it is well formed.
bool decode_escape(const char* p, const char* end, char& byte) {
  if (end - p < 4 || !is_octal(p[1]) || !is_octal(p[2]) || !is_octal(p[3])) return false;
  const int value = (p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0');
  if (value > 0377) return false;
  byte = static_cast<char>(static_cast<unsigned char>(value));
  return true;
}

}  // namespace

std::size_t decode_output(std::string_view escaped, std::string& out) {
  std::size_t malformed = 0;
  const char* p = escaped.data();
  const char* const end = p + escaped.size();
  out.reserve(out.size() + escaped.size());
  while (p < end) {
    const void* hit = std::memchr(p, '\\', static_cast<std::size_t>(end - p));
    const char* slash = hit ? static_cast<const char*>(hit) : end;
    out.append(p, static_cast<std::size_t>(slash - p));
    if (slash == end) break;
    char byte = 0;
    if (decode_escape(slash, end, byte)) {
      out.push_back(byte);
      p = slash + 4;
    } else {
      out.push_back('\\');
      ++malformed;
      p = slash + 1;
    }
  }
  return malformed;
}

void encode_output(std::string_view bytes, std::string& out) {
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>('0' + ((u >> 6) & 7)));
      out.push_back(static_cast<char>('0' + ((u >> 3) & 7)));
      out.push_back(static_cast<char>('0' + (u & 7)));
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace sandmux::tmuxctl

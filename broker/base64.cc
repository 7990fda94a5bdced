// A small base64 codec: three bytes <-> four characters, with '=' padding.
#include "broker/base64.h"

#include <utility>

namespace sandmux::broker {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The 6-bit value of C, or -1.
int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

void Base64Encoder::emit(unsigned group, int bytes) {
  // GROUP holds 24 bits; BYTES of them (1..3) are real, the rest is padding.
  m_out += kAlphabet[(group >> 18) & 63];
  m_out += kAlphabet[(group >> 12) & 63];
  m_out += bytes > 1 ? kAlphabet[(group >> 6) & 63] : '=';
  m_out += bytes > 2 ? kAlphabet[group & 63] : '=';
}

void Base64Encoder::add(std::string_view bytes) {
  m_out.reserve(m_out.size() + (bytes.size() + 2) / 3 * 4);
  for (char c : bytes) {
    m_carry = (m_carry << 8) | static_cast<unsigned char>(c);
    if (++m_carried == 3) {
      emit(m_carry, 3);
      m_carry = 0;
      m_carried = 0;
    }
  }
}

std::string Base64Encoder::finish() {
  if (m_carried > 0) emit(m_carry << (8 * (3 - m_carried)), m_carried);
  m_carry = 0;
  m_carried = 0;
  return std::exchange(m_out, {});
}

std::string base64_encode(std::string_view bytes) {
  Base64Encoder encoder;
  encoder.add(bytes);
  return encoder.finish();
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const int padding = last ? (text[i + 3] == '=') + (text[i + 2] == '=') : 0;
    if (padding == 1 && text[i + 2] == '=') return std::nullopt;  // "x=y=" style
    unsigned group = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int value = k < 4 - static_cast<std::size_t>(padding) ? sextet(text[i + k]) : 0;
      if (value < 0) return std::nullopt;
      group = (group << 6) | static_cast<unsigned>(value);
    }
    // Strictness: the bits that padding hides must be zero.
    if ((padding == 1 && (group & 0xff) != 0) || (padding == 2 && (group & 0xffff) != 0)) {
      return std::nullopt;
    }
    out += static_cast<char>(group >> 16);
    if (padding < 2) out += static_cast<char>((group >> 8) & 0xff);
    if (padding < 1) out += static_cast<char>(group & 0xff);
  }
  return out;
}

}  // namespace sandmux::broker

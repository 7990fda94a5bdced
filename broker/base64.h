#pragma once
// Base64 (RFC 4648, standard alphabet, '=' padding) for output bytes in JSON events.
// Invariants: decode(encode(x)) == x for all bytes; decoding is strict (only the
// alphabet, padding only at the end and only as needed, no whitespace), so every
// byte string has exactly one accepted encoding.
#include <optional>
#include <string>
#include <string_view>

namespace sandmux::broker {

/// Encodes a byte stream given in pieces (e.g. the two views of a wrapped ring) as if
/// it were one contiguous string.
class Base64Encoder {
 public:
  void add(std::string_view bytes);
  /// The text so far plus the final group with its padding; the encoder is then empty.
  std::string finish();

 private:
  void emit(unsigned group, int bytes);

  std::string m_out;
  unsigned m_carry = 0;
  int m_carried = 0;  ///< 0, 1 or 2 bytes waiting in m_carry
};

std::string base64_encode(std::string_view bytes);

/// The bytes TEXT encodes, or nullopt when TEXT is not strict base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace sandmux::broker

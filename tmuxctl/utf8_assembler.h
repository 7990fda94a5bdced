#pragma once
/*
 * Reassembly of UTF-8 text across %output lines. tmux cuts pane output at arbitrary byte
 * boundaries, so a character may start in one %output and end in the next. Invariants:
 *  - push() emits every byte it receives exactly once, in order, except that the bytes of a
 *    trailing sequence that is a valid but incomplete UTF-8 prefix (at most 3 bytes) are held
 *    until the next push() or flush().
 *  - With Invalid::Pass, the concatenated output equals the concatenated input byte for byte.
 *    With Invalid::Replace, each maximal invalid subpart becomes U+FFFD (the Unicode
 *    "substitution of maximal subparts" practice), so the output is always valid UTF-8.
 *  - PaneUtf8Assembler keeps one carry per pane; panes never mix.
 */
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sandmux::tmuxctl {

class Utf8Assembler {
 public:
  enum class Invalid : std::uint8_t { Pass, Replace };

  explicit Utf8Assembler(Invalid policy = Invalid::Pass) : m_policy(policy) {}

  /// Appends to OUT the text of the carry followed by BYTES, holding back an incomplete tail.
  void push(std::string_view bytes, std::string& out);
  /// Emits the held tail (as-is, or U+FFFD under Replace): the stream ended mid-character.
  void flush(std::string& out);
  /// Bytes held back (0..3).
  std::size_t pending() const { return m_carry_size; }

 private:
  void emit(const unsigned char* data, std::size_t size, std::string& out, bool final);

  Invalid m_policy;
  unsigned char m_carry[4] = {};
  std::size_t m_carry_size = 0;
};

/// One Utf8Assembler per pane id.
class PaneUtf8Assembler {
 public:
  explicit PaneUtf8Assembler(Utf8Assembler::Invalid policy = Utf8Assembler::Invalid::Pass)
      : m_policy(policy) {}

  /// Appends the text of BYTES (output of PANE) to OUT.
  void push(std::uint32_t pane, std::string_view bytes, std::string& out);
  /// Flushes and forgets PANE (it closed, or was resynchronised).
  void flush(std::uint32_t pane, std::string& out);

 private:
  Utf8Assembler::Invalid m_policy;
  std::unordered_map<std::uint32_t, Utf8Assembler> m_panes;
};

/// Length of the valid UTF-8 sequence at DATA (1..4), 0 if DATA[0] starts no valid sequence,
/// or -1 if the SIZE available bytes are a valid but incomplete prefix.
int utf8_sequence_length(const unsigned char* data, std::size_t size);

}  // namespace sandmux::tmuxctl

#pragma once
// OutputFilter: what a sandbox writes, made safe for the human's real terminal.
//
// An incremental state machine over the byte stream, after the VT500 parser model
// (P. Williams, vt100.net/emu/dec_ansi_parser) that xterm and tmux follow: text and the
// C0 controls pass as they come; each escape sequence is collected whole, judged by
// sequence_policy.h, and then passed or dropped whole. Invariants:
//  - chunk boundaries never matter: feeding A then B gives what feeding A+B gives;
//  - memory is bounded: at most kMaxPending bytes of one unfinished sequence are held
//    (a longer CSI is dropped whole; an OSC streams once its prefix is judged; DCS, APC,
//    PM and SOS are dropped as they come, without being held);
//  - C1 controls are recognised both as single bytes that are not part of a UTF-8
//    character and UTF-8-encoded (U+0080..U+009F), and are passed only in their 7-bit form,
//    so a terminal never meets a C1 introducer the filter did not judge;
//  - what the filter emits, filtered again, is unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "terminal/sequence_policy.h"

namespace sandmux::terminal {

struct FilterOptions {
  /// Pass OSC 52 clipboard writes (never the "?" read). Off unless the user opts in.
  bool allow_clipboard = false;
  /// Drop the queries whose answer is fixed by the terminal too (DA, DSR, DECRQM, ...):
  /// for output that nobody reads answers for, such as `sandmux logs`.
  bool drop_queries = false;
};

class OutputFilter {
 public:
  static constexpr std::size_t kMaxPending = 256;

  explicit OutputFilter(FilterOptions options = {}) : m_options(options) {}

  /// Appends to OUT what may be shown of INPUT; may hold back an unfinished sequence.
  void feed(std::string_view input, std::string& out);

  /// End of the stream: appends a held text byte, ends a streaming OSC with ST, forgets
  /// an unfinished sequence.
  void finish(std::string& out);

  /// Bytes held back, waiting for the rest of a sequence (<= kMaxPending).
  std::size_t pending_bytes() const { return m_seq.size() + (m_held_c2 ? 1 : 0); }

 private:
  enum class State { ground, escape, csi, csi_ignore, osc_prefix, osc_stream, string_drop };

  void decode(std::uint8_t byte, std::string& out);
  void unit(std::uint8_t byte, std::string& out);
  void c1(std::uint8_t code, std::string& out);
  void start_escape();
  void to_ground();
  void on_escape(std::uint8_t byte, std::string& out);
  void on_csi(std::uint8_t byte, std::string& out);
  void on_osc_prefix(std::uint8_t byte, std::string& out);
  void on_osc_stream(std::uint8_t byte, std::string& out);
  void on_string_drop(std::uint8_t byte, std::string& out);
  void end_osc_prefix(std::string_view terminator, std::string& out);
  void start_string_drop(bool bel_ends);
  bool allowed(Verdict verdict) const;

  FilterOptions m_options;
  State m_state = State::ground;
  std::string m_seq;            // intermediates, CSI body or OSC prefix
  bool m_esc_in_string = false; // an ESC inside an OSC or string: ST or the next sequence
  bool m_bel_ends = false;      // a dropped string that BEL ends (APC, ESC k, OSC)
  bool m_clipboard = false;     // the streaming OSC is a clipboard write: base64 only
  bool m_held_c2 = false;       // 0xC2 waiting: U+0080..U+009F are C1 controls
  int m_utf8_left = 0;          // continuation bytes expected
};

}  // namespace sandmux::terminal

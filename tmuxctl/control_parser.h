#pragma once
/*
 * An incremental, allocation-free (in steady state) parser for the byte stream of a
 * `tmux -C` client. Invariants:
 *  - feed() accepts bytes in any chunking; the sequence of events depends only on the
 *    concatenated input, never on where it was split (the unit tests and the fuzzer check it).
 *  - A line is at most max_line bytes (without its '\n'). A longer line is dropped whole and
 *    reported once as LineTooLong; memory held by the parser never exceeds about
 *    2 * max_line, whatever the server sends.
 *  - Inside a reply block, lines are raw: the block ends only on a %end/%error line whose
 *    "T N F" text is byte-for-byte the text of its %begin. Every other line is a ReplyLine,
 *    except an exact `%pause %N` / `%continue %N`, which tmux 3.3a emits inside the block of
 *    the refresh-client that caused it (reported with in_block = true).
 *  - Outside blocks, %output data is octal-decoded exactly (see output_decoder.h).
 *  - Nothing in the input can make the parser crash, loop or grow without bound.
 */
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "tmuxctl/control_event.h"

namespace sandmux::tmuxctl {

class ControlParser {
 public:
  static constexpr std::size_t kDefaultMaxLine = std::size_t{4} << 20;

  /// max_line bounds one line (without '\n'); must be > 0.
  explicit ControlParser(std::size_t max_line = kDefaultMaxLine);

  /// Parses BYTES, calling sink.on_event() for each complete event, in order. Bytes after the
  /// last '\n' are kept for the next call. Never throws on any input (only bad_alloc).
  void feed(std::string_view bytes, EventSink& sink);

  /// Same, with any callable taking `const Event&`.
  template <class F>
  void feed_with(std::string_view bytes, F&& on_event) {
    struct Adapter final : EventSink {
      explicit Adapter(F& f) : m_f(f) {}
      void on_event(const Event& event) override { m_f(event); }
      F& m_f;
    } adapter(on_event);
    feed(bytes, adapter);
  }

  /// True while a %begin has been seen and its matching %end/%error has not.
  bool in_block() const { return m_in_block; }
  /// Bytes of an unfinished line held since the last '\n' (0 after a complete line).
  std::size_t pending_bytes() const { return m_partial.size(); }
  /// Forgets all state (used when a connection is re-established).
  void reset();

 private:
  void feed_line(std::string_view line, EventSink& sink);
  void block_line(std::string_view line, EventSink& sink);
  void outside_line(std::string_view line, EventSink& sink);
  void report_too_long(std::size_t size, EventSink& sink);
  bool is_block_end(std::string_view line, bool& error) const;

  std::size_t m_max_line;
  std::string m_partial;        ///< bytes of the current unfinished line
  bool m_discarding = false;    ///< dropping the rest of an over-long line
  bool m_in_block = false;
  Guard m_guard;                ///< guard of the open block
  std::string m_guard_text;     ///< "T N F" exactly as the %begin line had it
  std::string m_decoded;        ///< reused buffer for decoded %output data
};

}  // namespace sandmux::tmuxctl

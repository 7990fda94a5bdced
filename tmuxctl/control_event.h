#pragma once
/*
 * The vocabulary of tmux control mode: one flat Event value that the parser fills and hands
 * to an EventSink. Invariants:
 *  - Every string_view in an Event points into the parser's buffers or the caller's input and
 *    is valid only during the on_event() call; copy what must outlive it.
 *  - Numeric ids are the numbers after tmux's sigils (%3 -> pane 3, @2 -> window 2,
 *    $1 -> session 1); kNoId means "absent" (tmux printed '-' or nothing).
 *  - Nothing here trusts the server: a line that does not have the documented shape is a
 *    Malformed event carrying the raw line, never a half-filled typed one.
 */
#include <cstdint>
#include <string>
#include <string_view>

namespace sandmux::tmuxctl {

inline constexpr std::uint32_t kNoId = UINT32_MAX;

enum class EventKind : std::uint8_t {
  ReplyBegin,             ///< %begin T N F: guard set; a reply block opens.
  ReplyLine,              ///< one raw (never escaped) line of the open block: text.
  ReplyEnd,               ///< %end/%error with the guard of its %begin: guard, error.
  Output,                 ///< %output / %extended-output: pane, data (decoded), age.
  Pause,                  ///< %pause %P: pane, in_block.
  Continue,               ///< %continue %P: pane, in_block.
  WindowAdd,              ///< window
  WindowClose,            ///< window
  WindowRenamed,          ///< window, text = name
  UnlinkedWindowAdd,      ///< window
  UnlinkedWindowClose,    ///< window
  UnlinkedWindowRenamed,  ///< window, text = name
  LayoutChange,           ///< window, text = layout, text2 = visible layout, text3 = flags
  SessionChanged,         ///< session, text = name
  SessionRenamed,         ///< session, text = name
  SessionsChanged,        ///< (no fields)
  SessionWindowChanged,   ///< session, window
  WindowPaneChanged,      ///< window, pane
  PaneModeChanged,        ///< pane
  ClientDetached,         ///< text = client name
  ClientSessionChanged,   ///< text = client name, session, text2 = session name
  SubscriptionChanged,    ///< text = name, session, window, window_index, pane, data = value
  Exit,                   ///< %exit [reason]: text = reason (may be empty)
  Unknown,                ///< a %word notification this parser does not know: text = line
  Malformed,              ///< a known notification or guard with a bad shape: text = line
  StrayLine,              ///< a non-% line outside any block (hook output): text = line
  StrayGuard,             ///< %end/%error outside a block (possible injection): guard, text
  LineTooLong,            ///< a line exceeded the limit and was dropped: size, in_block
};

/// The (time, number, flags) triple of a %begin/%end/%error line. flags is 1 for commands
/// this client sent and 0 for the startup command, hooks and key bindings.
struct Guard {
  std::uint64_t time = 0;
  std::uint64_t number = 0;
  std::uint32_t flags = 0;
  friend bool operator==(const Guard&, const Guard&) = default;
};

/// One parsed event; which fields are meaningful depends on kind (see EventKind).
struct Event {
  EventKind kind = EventKind::Unknown;
  bool error = false;     ///< ReplyEnd: the block ended with %error.
  bool in_block = false;  ///< Pause/Continue/LineTooLong seen inside a reply block.
  Guard guard;
  std::uint32_t pane = kNoId;
  std::uint32_t window = kNoId;
  std::uint32_t session = kNoId;
  std::uint32_t window_index = kNoId;
  std::uint64_t age = 0;   ///< %extended-output: milliseconds the output was held.
  std::uint64_t size = 0;  ///< LineTooLong: the limit the line exceeded.
  std::string_view data;   ///< Output: decoded bytes; SubscriptionChanged: value.
  std::string_view text;
  std::string_view text2;
  std::string_view text3;
};

/// Receives events from a ControlParser, in input order.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(const Event& event) = 0;
};

/// A stable lower-case name for a kind ("reply-begin", "output", ...), for tests and messages.
std::string_view to_string(EventKind kind);

/// Every meaningful field of EVENT on one line, bytes outside 0x20..0x7e as \xHH
/// ("output pane=3 data=a\x0d\x0a"). Deterministic: equal events give equal text.
std::string describe(const Event& event);

}  // namespace sandmux::tmuxctl

/*
 * One line -> one Event. A small cursor walks the fields left to right; each notification
 * has a "shape" saying which fields it carries. Invariant: the cursor never reads past the
 * line and every failure path ends in Malformed with the raw line.
 */
#include "tmuxctl/control_line.h"

#include <array>
#include <charconv>
#include <utility>

#include "tmuxctl/output_decoder.h"

namespace sandmux::tmuxctl {
namespace {

/// Walks space-separated fields of a line.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : m_text(text) {}

  bool at_end() const { return m_text.empty(); }
  /// The next field up to a space (the space is consumed).
  std::string_view word() {
    const auto space = m_text.find(' ');
    const auto field = m_text.substr(0, space);
    m_text = space == std::string_view::npos ? std::string_view{} : m_text.substr(space + 1);
    return field;
  }
  /// Everything left (may contain spaces).
  std::string_view rest() { return std::exchange(m_text, std::string_view{}); }
  /// A field "<sigil><digits>", or "-" (absent) when allow_dash.
  bool id(char sigil, std::uint32_t& out, bool allow_dash = false) {
    const auto field = word();
    if (allow_dash && field == "-") {
      out = kNoId;
      return true;
    }
    if (field.size() < 2 || field[0] != sigil) return false;
    return number(field.substr(1), out);
  }
  template <class T>
  static bool number(std::string_view digits, T& out) {
    if (digits.empty() || digits.size() > 20) return false;
    for (const char c : digits) {
      if (c < '0' || c > '9') return false;
    }
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc{} && ptr == digits.data() + digits.size() && out != T(kNoId);
  }

 private:
  std::string_view m_text;
};

enum class Shape : std::uint8_t {
  None, Window, WindowName, SessionName, Pane, SessionWindow, WindowPane, Layout,
  Client, ClientSession, Subscription, Reason, Output, ExtendedOutput,
};

struct Spec {
  std::string_view name;
  EventKind kind;
  Shape shape;
};

constexpr std::array kSpecs{
    Spec{"output", EventKind::Output, Shape::Output},
    Spec{"extended-output", EventKind::Output, Shape::ExtendedOutput},
    Spec{"pause", EventKind::Pause, Shape::Pane},
    Spec{"continue", EventKind::Continue, Shape::Pane},
    Spec{"window-add", EventKind::WindowAdd, Shape::Window},
    Spec{"window-close", EventKind::WindowClose, Shape::Window},
    Spec{"window-renamed", EventKind::WindowRenamed, Shape::WindowName},
    Spec{"unlinked-window-add", EventKind::UnlinkedWindowAdd, Shape::Window},
    Spec{"unlinked-window-close", EventKind::UnlinkedWindowClose, Shape::Window},
    Spec{"unlinked-window-renamed", EventKind::UnlinkedWindowRenamed, Shape::WindowName},
    Spec{"layout-change", EventKind::LayoutChange, Shape::Layout},
    Spec{"session-changed", EventKind::SessionChanged, Shape::SessionName},
    Spec{"session-renamed", EventKind::SessionRenamed, Shape::SessionName},
    Spec{"sessions-changed", EventKind::SessionsChanged, Shape::None},
    Spec{"session-window-changed", EventKind::SessionWindowChanged, Shape::SessionWindow},
    Spec{"window-pane-changed", EventKind::WindowPaneChanged, Shape::WindowPane},
    Spec{"pane-mode-changed", EventKind::PaneModeChanged, Shape::Pane},
    Spec{"client-detached", EventKind::ClientDetached, Shape::Client},
    Spec{"client-session-changed", EventKind::ClientSessionChanged, Shape::ClientSession},
    Spec{"subscription-changed", EventKind::SubscriptionChanged, Shape::Subscription},
    Spec{"exit", EventKind::Exit, Shape::Reason},
};

/// Skips fields up to a lone ":" and returns what follows it (the data or value).
bool after_colon(Cursor& cursor, std::string_view& value) {
  while (!cursor.at_end()) {
    if (cursor.word() == ":") {
      value = cursor.rest();
      return true;
    }
  }
  return false;
}

bool parse_output(Cursor& cursor, Event& event, std::string& decoded, bool extended) {
  if (!cursor.id('%', event.pane)) return false;
  std::string_view data;
  if (extended) {
    if (!Cursor::number(cursor.word(), event.age) || !after_colon(cursor, data)) return false;
  } else {
    data = cursor.rest();
  }
  decode_output(data, decoded);
  event.data = decoded;
  return true;
}

bool parse_subscription(Cursor& cursor, Event& event) {
  event.text = cursor.word();
  if (event.text.empty()) return false;
  if (!cursor.id('$', event.session, true) || !cursor.id('@', event.window, true)) return false;
  const auto index = cursor.word();
  if (index != "-" && !Cursor::number(index, event.window_index)) return false;
  if (!cursor.id('%', event.pane, true)) return false;
  return after_colon(cursor, event.data);
}

bool parse_shape(Shape shape, Cursor& c, Event& e, std::string& decoded) {
  switch (shape) {
    case Shape::None: return true;
    case Shape::Window: return c.id('@', e.window);
    case Shape::WindowName: return c.id('@', e.window) && (e.text = c.rest(), true);
    case Shape::SessionName: return c.id('$', e.session) && (e.text = c.rest(), true);
    case Shape::Pane: return c.id('%', e.pane);
    case Shape::SessionWindow: return c.id('$', e.session) && c.id('@', e.window);
    case Shape::WindowPane: return c.id('@', e.window) && c.id('%', e.pane);
    case Shape::Layout:
      if (!c.id('@', e.window)) return false;
      e.text = c.word();
      e.text2 = c.word();
      e.text3 = c.rest();
      return !e.text.empty();
    case Shape::Client: e.text = c.rest(); return true;
    case Shape::ClientSession:
      e.text = c.word();
      return c.id('$', e.session) && (e.text2 = c.rest(), true);
    case Shape::Subscription: return parse_subscription(c, e);
    case Shape::Reason: e.text = c.rest(); return true;
    case Shape::Output: return parse_output(c, e, decoded, false);
    case Shape::ExtendedOutput: return parse_output(c, e, decoded, true);
  }
  return false;
}

void classify_guard(std::string_view name, std::string_view args, std::string_view line,
                    Event& event) {
  if (!parse_guard(args, event.guard)) {
    event.kind = EventKind::Malformed;
    event.text = line;
    return;
  }
  event.kind = name == "begin" ? EventKind::ReplyBegin : EventKind::StrayGuard;
  event.error = name == "error";
  event.text = line;
}

}  // namespace

bool parse_guard(std::string_view text, Guard& guard) {
  Cursor cursor(text);
  Guard parsed;
  if (!Cursor::number(cursor.word(), parsed.time) || !Cursor::number(cursor.word(), parsed.number) ||
      !Cursor::number(cursor.word(), parsed.flags) || !cursor.at_end()) {
    return false;
  }
  guard = parsed;
  return true;
}

void classify_line(std::string_view line, Event& event, std::string& decoded) {
  decoded.clear();
  event = Event{};
  if (line.empty() || line[0] != '%') {
    event.kind = EventKind::StrayLine;
    event.text = line;
    return;
  }
  Cursor cursor(line.substr(1));
  const auto name = cursor.word();
  if (name == "begin" || name == "end" || name == "error") {
    classify_guard(name, cursor.rest(), line, event);
    return;
  }
  for (const Spec& spec : kSpecs) {
    if (spec.name != name) continue;
    event.kind = spec.kind;
    if (!parse_shape(spec.shape, cursor, event, decoded)) {
      event = Event{};
      event.kind = EventKind::Malformed;
      event.text = line;
    }
    return;
  }
  event.kind = EventKind::Unknown;
  event.text = line;
}

bool classify_flow_line(std::string_view line, Event& event) {
  Cursor cursor(line);
  const auto name = cursor.word();
  const EventKind kind = name == "%pause"      ? EventKind::Pause
                         : name == "%continue" ? EventKind::Continue
                                               : EventKind::ReplyLine;
  if (kind == EventKind::ReplyLine) return false;
  std::uint32_t pane = kNoId;
  if (!cursor.id('%', pane) || !cursor.at_end()) return false;
  event = Event{};
  event.kind = kind;
  event.pane = pane;
  event.in_block = true;
  return true;
}

}  // namespace sandmux::tmuxctl

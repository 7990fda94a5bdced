/*
 * Names of event kinds. Invariant: one distinct, stable name per EventKind value; tests and
 * error messages rely on them.
 */
#include "tmuxctl/control_event.h"

#include <array>

namespace sandmux::tmuxctl {
namespace {

constexpr std::array<std::string_view, 28> kNames{
    "reply-begin",  "reply-line",        "reply-end",
    "output",       "pause",             "continue",
    "window-add",   "window-close",      "window-renamed",
    "unlinked-window-add", "unlinked-window-close", "unlinked-window-renamed",
    "layout-change", "session-changed",  "session-renamed",
    "sessions-changed", "session-window-changed", "window-pane-changed",
    "pane-mode-changed", "client-detached", "client-session-changed",
    "subscription-changed", "exit",      "unknown",
    "malformed",    "stray-line",        "stray-guard",
    "line-too-long",
};
static_assert(kNames.size() == static_cast<std::size_t>(EventKind::LineTooLong) + 1);

void put_text(std::string& out, std::string_view name, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += ' ';
  out += name;
  out += '=';
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && u != '\\') {
      out.push_back(c);
    } else {
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
}

void put_id(std::string& out, std::string_view name, std::uint64_t value) {
  if (value == kNoId) return;
  out += ' ';
  out += name;
  out += '=';
  out += std::to_string(value);
}

}  // namespace

std::string describe(const Event& event) {
  std::string out(to_string(event.kind));
  if (event.error) out += " error";
  if (event.in_block) out += " in-block";
  if (event.guard != Guard{}) {
    out += " guard=" + std::to_string(event.guard.time) + "," + std::to_string(event.guard.number) +
           "," + std::to_string(event.guard.flags);
  }
  put_id(out, "pane", event.pane);
  put_id(out, "window", event.window);
  put_id(out, "session", event.session);
  put_id(out, "index", event.window_index);
  if (event.age != 0) put_id(out, "age", event.age);
  if (event.size != 0) put_id(out, "size", event.size);
  if (!event.data.empty() || event.kind == EventKind::Output) put_text(out, "data", event.data);
  if (!event.text.empty()) put_text(out, "text", event.text);
  if (!event.text2.empty()) put_text(out, "text2", event.text2);
  if (!event.text3.empty()) put_text(out, "text3", event.text3);
  return out;
}

std::string_view to_string(EventKind kind) {
  const auto index = static_cast<std::size_t>(kind);
  return index < kNames.size() ? kNames[index] : std::string_view{"invalid"};
}

}  // namespace sandmux::tmuxctl

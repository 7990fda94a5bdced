#include "broker/session_registry_paste.h"

#include <algorithm>

namespace sandmux::broker {
namespace {

constexpr std::string_view kOn = "\x1b[?2004h";
constexpr std::string_view kOff = "\x1b[?2004l";
constexpr std::size_t kKeep = kOn.size() - 1;

/// The state after TEXT when it holds either sequence, else CURRENT.
bool apply(bool current, std::string_view text) {
  const std::size_t on = text.rfind(kOn), off = text.rfind(kOff);
  if (on == std::string_view::npos && off == std::string_view::npos) return current;
  return on != std::string_view::npos && (off == std::string_view::npos || on > off);
}

}  // namespace

void PasteModeTracker::feed(std::string_view bytes) {
  if (bytes.empty()) return;
  // A sequence cut between chunks starts in the tail: it comes before any in BYTES.
  std::string boundary = m_tail;
  boundary.append(bytes.substr(0, std::min(kKeep, bytes.size())));
  m_enabled = apply(apply(m_enabled, boundary), bytes);
  if (bytes.size() >= kKeep) {
    m_tail.assign(bytes.substr(bytes.size() - kKeep));
  } else {
    m_tail.append(bytes);
    if (m_tail.size() > kKeep) m_tail.erase(0, m_tail.size() - kKeep);
  }
}

}  // namespace sandmux::broker

#pragma once
// Whether a session's application has bracketed paste on, followed from its output:
// the last of "ESC[?2004h" (on) and "ESC[?2004l" (off) wins, also when a sequence is cut
// between two chunks. `send` then wraps multi-line text in ESC[200~ ... ESC[201~, as
// `paste-buffer -p` would. Pure.
#include <string>
#include <string_view>

namespace sandmux::broker {

class PasteModeTracker {
 public:
  /// Follows BYTES, the next output of the pane.
  void feed(std::string_view bytes);
  bool enabled() const { return m_enabled; }

 private:
  bool m_enabled = false;
  std::string m_tail;  ///< the last bytes, in case a sequence is cut
};

}  // namespace sandmux::broker

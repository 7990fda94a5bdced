#pragma once
// The last bytes a process wrote, kept within a fixed bound: what a jail's tmux server
// said before it failed to start, quoted in the error. The bytes come from inside a
// sandbox: last_line() returns them with control characters escaped. Pure.
#include <cstddef>
#include <string>
#include <string_view>

namespace sandmux::sandbox {

class OutputTail {
 public:
  /// Keeps at most LIMIT bytes (the newest).
  explicit OutputTail(std::size_t limit = 4096) : m_limit(limit) {}

  void append(std::string_view bytes);
  /// Everything kept, raw.
  const std::string& text() const { return m_text; }
  /// The last non-empty line, control characters and non-ASCII escaped as \xHH, at
  /// most 200 characters; "" when nothing was written.
  std::string last_line() const;

 private:
  std::size_t m_limit;
  std::string m_text;
};

}  // namespace sandmux::sandbox

#pragma once
// PtyRelay: the human's terminal stays with sandmux; a sandbox gets a pty of its own.
//
// The pattern of sudo's use_pty, script(1) and ssh -t. `open` makes a pty sized and set like
// the terminal found on fd 0, 1 or 2. The child (the sandbox) is started with the pty's slave
// as its controlling terminal and in place of each of fd 0, 1 and 2 that is the terminal;
// the relay then puts the terminal in raw mode and copies both ways until the child exits:
// keystrokes to the pty (whose line discipline makes Ctrl-C, Ctrl-Z and EOF act on the
// sandbox's processes as they would have on the terminal), and the pty's output through
// OutputFilter to the terminal. Resize (SIGWINCH) is passed on; when the child stops
// (Ctrl-Z) the relay restores the terminal and stops itself, and when continued takes the
// terminal again and continues the child. When the child has exited the master is closed:
// anything in a jail still holding the slave then reads EOF and writes fail, and nothing
// of it ever held a descriptor of the human's terminal.
#include <sys/types.h>
#include <termios.h>

#include <optional>

#include "terminal/output_filter.h"

namespace sandmux::terminal {

class PtyRelay {
 public:
  /// A new pty like the terminal on fd 0, 1 or 2; nullopt when none of them is a terminal.
  /// Throws std::system_error when the pty cannot be made.
  static std::optional<PtyRelay> open();

  PtyRelay(PtyRelay&& other) noexcept;
  PtyRelay& operator=(PtyRelay&&) = delete;
  ~PtyRelay();

  /// The slave: the child's controlling terminal.
  int slave() const { return m_slave; }
  /// What the child gets as fd FD (0, 1 or 2): the slave where FD is the terminal, else -1
  /// (the child keeps the caller's FD: a pipe or a file).
  int child_fd(int fd) const;

  /// Closes this process's slave (once the child holds it).
  void close_slave();

  /// Relays until CHILD exits and returns its wait status; the terminal is in raw mode
  /// meanwhile (when fd 0 is the terminal) and restored before this returns.
  int run(pid_t child, FilterOptions options);

 private:
  PtyRelay(int master, int slave, int terminal_fd, bool tty[3], const termios& saved);

  int m_master = -1;
  int m_slave = -1;
  int m_terminal_fd = -1;  // the terminal: output goes here, size and modes come from here
  bool m_tty[3] = {false, false, false};
  termios m_saved{};
};

}  // namespace sandmux::terminal

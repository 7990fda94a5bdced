#include "terminal/pty_relay.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string>
#include <system_error>

namespace sandmux::terminal {
namespace {

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

void set_flags(int fd, int fd_flags, int status_flags) {
  if (fd_flags) ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | fd_flags);
  if (status_flags) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | status_flags);
}

/// Writes all of BYTES to FD, waiting when FD is non-blocking; false when FD is gone.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EAGAIN) {
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, -1);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return false;
    }
  }
  return true;
}

// Signals arrive as bytes on a pipe (the self-pipe trick), so one poll() sees everything.
int g_signal_pipe = -1;

void on_signal(int signo) {
  const int saved = errno;
  const char byte = static_cast<char>(signo);
  [[maybe_unused]] const ssize_t n = ::write(g_signal_pipe, &byte, 1);
  errno = saved;
}

constexpr std::array<int, 7> kSignals = {SIGCHLD, SIGWINCH, SIGCONT, SIGINT,
                                         SIGQUIT, SIGTERM,  SIGHUP};

/// The relay's signal handlers, installed for its lifetime; the old ones come back after.
class SignalPipe {
 public:
  SignalPipe() {
    if (::pipe2(m_fds, O_CLOEXEC | O_NONBLOCK) != 0) fail("pipe2");
    g_signal_pipe = m_fds[1];
    for (std::size_t i = 0; i < kSignals.size(); ++i) {
      struct sigaction action {};
      action.sa_handler = on_signal;
      ::sigemptyset(&action.sa_mask);
      action.sa_flags = SA_RESTART;
      ::sigaction(kSignals[i], &action, &m_old[i]);
    }
  }
  ~SignalPipe() {
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &m_old[i], nullptr);
    g_signal_pipe = -1;
    ::close(m_fds[0]);
    ::close(m_fds[1]);
  }
  SignalPipe(const SignalPipe&) = delete;
  SignalPipe& operator=(const SignalPipe&) = delete;
  int fd() const { return m_fds[0]; }

 private:
  int m_fds[2] = {-1, -1};
  std::array<struct sigaction, kSignals.size()> m_old{};
};

/// Raw mode on the terminal on fd 0 while it lives (nothing when fd 0 is not one).
class RawMode {
 public:
  RawMode(bool active, const termios& saved) : m_active(active), m_saved(saved) { apply(); }
  ~RawMode() { restore(); }
  RawMode(const RawMode&) = delete;
  RawMode& operator=(const RawMode&) = delete;
  void apply() {
    if (!m_active) return;
    termios raw = m_saved;
    ::cfmakeraw(&raw);
    ::tcsetattr(STDIN_FILENO, TCSADRAIN, &raw);
  }
  void restore() {
    if (m_active) ::tcsetattr(STDIN_FILENO, TCSADRAIN, &m_saved);
  }

 private:
  bool m_active;
  termios m_saved;
};

}  // namespace

std::optional<PtyRelay> PtyRelay::open() {
  bool tty[3];
  int first = -1;
  for (int fd = 0; fd < 3; ++fd) {
    tty[fd] = ::isatty(fd) == 1;
    if (tty[fd] && first < 0) first = fd;
  }
  if (first < 0) return std::nullopt;
  termios modes{};
  winsize size{};
  if (::tcgetattr(first, &modes) != 0) fail("tcgetattr");
  const bool sized = ::ioctl(first, TIOCGWINSZ, &size) == 0;
  int master = -1;
  int slave = -1;
  if (::openpty(&master, &slave, nullptr, &modes, sized ? &size : nullptr) != 0) fail("openpty");
  set_flags(master, FD_CLOEXEC, O_NONBLOCK);
  set_flags(slave, FD_CLOEXEC, 0);
  const int terminal_fd = tty[1] ? 1 : tty[2] ? 2 : 0;
  return PtyRelay(master, slave, terminal_fd, tty, modes);
}

PtyRelay::PtyRelay(int master, int slave, int terminal_fd, bool tty[3], const termios& saved)
    : m_master(master), m_slave(slave), m_terminal_fd(terminal_fd), m_saved(saved) {
  for (int fd = 0; fd < 3; ++fd) m_tty[fd] = tty[fd];
}

PtyRelay::PtyRelay(PtyRelay&& other) noexcept
    : m_master(other.m_master), m_slave(other.m_slave), m_terminal_fd(other.m_terminal_fd),
      m_saved(other.m_saved) {
  for (int fd = 0; fd < 3; ++fd) m_tty[fd] = other.m_tty[fd];
  other.m_master = -1;
  other.m_slave = -1;
}

PtyRelay::~PtyRelay() {
  close_slave();
  if (m_master >= 0) ::close(m_master);
}

int PtyRelay::child_fd(int fd) const { return fd >= 0 && fd < 3 && m_tty[fd] ? m_slave : -1; }

void PtyRelay::close_slave() {
  if (m_slave >= 0) ::close(m_slave);
  m_slave = -1;
}

namespace {

/// The copying and the signals of one PtyRelay::run.
class RelayLoop {
 public:
  RelayLoop(int master, int terminal_fd, bool read_input, pid_t child, RawMode& raw,
            FilterOptions options)
      : m_master(master), m_terminal_fd(terminal_fd), m_input_open(read_input), m_child(child),
        m_raw(raw), m_filter(options) {}

  int run(int signal_fd) {
    sync_size();
    for (;;) {
      if (std::optional<int> status = reap()) {
        drain();
        return *status;
      }
      pollfd fds[3] = {
          {signal_fd, POLLIN, 0},
          {m_master_open ? m_master : -1,
           static_cast<short>(POLLIN | (m_typed.empty() ? 0 : POLLOUT)), 0},
          {m_input_open && m_typed.empty() ? STDIN_FILENO : -1, POLLIN, 0},
      };
      if (::poll(fds, 3, -1) < 0) {
        if (errno == EINTR) continue;
        fail("poll");
      }
      if (fds[0].revents) on_signals(signal_fd);
      if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) show_output();
      if (fds[1].revents & POLLOUT) pass_input();
      if (fds[2].revents) read_input();
    }
  }

 private:
  /// The child's wait status once it has exited. A stopped child (Ctrl-Z) stops the relay
  /// too, with the terminal as it was; once continued, both go on.
  std::optional<int> reap() {
    int status = 0;
    const pid_t pid = ::waitpid(m_child, &status, WNOHANG | WUNTRACED);
    if (pid != m_child) return std::nullopt;
    if (!WIFSTOPPED(status)) return status;
    m_raw.restore();
    ::raise(SIGTSTP);
    m_raw.apply();
    sync_size();
    ::killpg(m_child, SIGCONT);
    return std::nullopt;
  }

  void on_signals(int signal_fd) {
    char signals[64];
    const ssize_t n = ::read(signal_fd, signals, sizeof signals);
    for (ssize_t i = 0; i < n; ++i) {
      switch (signals[i]) {
        case SIGWINCH: sync_size(); break;
        case SIGCONT: m_raw.apply(); sync_size(); break;
        case SIGINT: case SIGQUIT: forward_to_foreground(signals[i]); break;
        case SIGTERM: case SIGHUP: ::kill(m_child, signals[i]); break;
        default: break;  // SIGCHLD: reap() looks
      }
    }
  }

  /// To the pty's foreground process group, as the terminal itself would send it.
  void forward_to_foreground(int signo) {
    const pid_t group = ::tcgetpgrp(m_master);
    ::killpg(group > 0 ? group : m_child, signo);
  }

  void sync_size() {
    winsize size{};
    if (::ioctl(m_terminal_fd, TIOCGWINSZ, &size) == 0) ::ioctl(m_master, TIOCSWINSZ, &size);
  }

  /// Reads the pty once; false when there was nothing (or nothing more ever).
  bool show_output() {
    const ssize_t n = ::read(m_master, m_buffer.data(), m_buffer.size());
    if (n <= 0) {
      // EIO: no slave is open any more (the child has gone, or is going).
      if (n == 0 || (errno != EAGAIN && errno != EINTR)) m_master_open = false;
      return false;
    }
    m_shown.clear();
    m_filter.feed(std::string_view(m_buffer.data(), static_cast<std::size_t>(n)), m_shown);
    write_all(m_terminal_fd, m_shown);
    return true;
  }

  /// What is left in the pty once the child has exited: a bounded amount (a process in a
  /// jail may still hold the slave and write for ever), then the filter's end.
  void drain() {
    for (int i = 0; i < 64 && m_master_open && show_output(); ++i) {
    }
    m_shown.clear();
    m_filter.finish(m_shown);
    write_all(m_terminal_fd, m_shown);
  }

  void read_input() {
    const ssize_t n = ::read(STDIN_FILENO, m_buffer.data(), m_buffer.size());
    if (n > 0) {
      m_typed.append(m_buffer.data(), static_cast<std::size_t>(n));
      pass_input();
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
      m_input_open = false;  // the terminal hung up; the kernel's SIGHUP follows
    }
  }

  void pass_input() {
    const ssize_t n = ::write(m_master, m_typed.data(), m_typed.size());
    if (n > 0) m_typed.erase(0, static_cast<std::size_t>(n));
    if (n < 0 && errno != EAGAIN && errno != EINTR) m_typed.clear();
  }

  int m_master;
  int m_terminal_fd;
  bool m_input_open;
  bool m_master_open = true;
  pid_t m_child;
  RawMode& m_raw;
  OutputFilter m_filter;
  std::array<char, 65536> m_buffer{};
  std::string m_shown;
  std::string m_typed;  // keystrokes the pty has not taken yet
};

}  // namespace

int PtyRelay::run(pid_t child, FilterOptions options) {
  int status = 0;
  {
    SignalPipe signals;
    RawMode raw(m_tty[0], m_saved);
    RelayLoop loop(m_master, m_terminal_fd, m_tty[0], child, raw, options);
    status = loop.run(signals.fd());
  }
  ::close(m_master);  // whatever still holds the slave now holds a dead end
  m_master = -1;
  return status;
}

}  // namespace sandmux::terminal

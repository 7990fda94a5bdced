#include "sandbox/launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <vector>

#include "sandbox/errors.h"
#include "sandbox/landlock.h"

namespace sandmux::sandbox {
namespace {

int close_range_compat(unsigned first, unsigned last) {
  return static_cast<int>(::syscall(SYS_close_range, first, last, 0U));
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> result;
  result.reserve(strings.size() + 1);
  for (const std::string& s : strings) result.push_back(const_cast<char*>(s.c_str()));
  result.push_back(nullptr);
  return result;
}

void move_to(int from, int to) {
  if (from < 0 || from == to) return;
  if (::dup2(from, to) < 0) _exit(125);
}

volatile pid_t g_monitored = 0;

void forward_to_monitored(int signo) {
  if (g_monitored > 0) ::kill(g_monitored, signo);
}

// The leader of a terminal session, between the caller and the plan's process, as sudo's
// use_pty and script(1) have one: the plan runs in a process group of its own, the
// terminal's foreground, whose parent (this) is in the same session, so the group is not
// orphaned and Ctrl-Z (SIGTSTP from the terminal) stops it. When it stops, this stops
// too (the caller sees its child stopped); when continued, this gives the group the
// terminal again and continues it. It exits as the plan's process did; TERM and HUP are
// passed on. Only async-signal-safe calls: it runs between fork and exec.
[[noreturn]] void monitor_session(pid_t inner, int tty) {
  g_monitored = inner;
  struct sigaction forward {};
  forward.sa_handler = forward_to_monitored;
  ::sigemptyset(&forward.sa_mask);
  ::sigaction(SIGTERM, &forward, nullptr);
  ::sigaction(SIGHUP, &forward, nullptr);
  ::signal(SIGTTOU, SIG_IGN);
  ::setpgid(inner, inner);
  ::tcsetpgrp(tty, inner);
  for (int fd = 0; fd < 3; ++fd) ::dup2(tty, fd);  // hold nothing of the caller's
  close_other_fds(std::span<const int>(&tty, 1));
  for (;;) {
    int status = 0;
    if (::waitpid(inner, &status, WUNTRACED) < 0) {
      if (errno == EINTR) continue;
      _exit(125);
    }
    if (WIFSTOPPED(status)) {
      ::kill(::getpid(), SIGSTOP);
      ::tcsetpgrp(tty, inner);
      ::kill(-inner, SIGCONT);
    } else if (WIFEXITED(status)) {
      _exit(WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
      ::signal(WTERMSIG(status), SIG_DFL);
      ::kill(::getpid(), WTERMSIG(status));
      _exit(128 + WTERMSIG(status));
    }
  }
}

/// In a forked child: a new session on TTY led by monitor_session; returns in its child,
/// which leads the terminal's foreground process group.
void start_terminal_session(int tty) {
  if (::setsid() < 0 || ::ioctl(tty, TIOCSCTTY, 0) != 0) _exit(125);
  const pid_t inner = ::fork();
  if (inner < 0) _exit(125);
  if (inner > 0) monitor_session(inner, tty);
  ::setpgid(0, 0);
  ::signal(SIGTTOU, SIG_IGN);
  ::tcsetpgrp(tty, ::getpid());
  ::signal(SIGTTOU, SIG_DFL);
}

}  // namespace

void close_other_fds(std::span<const int> keep) {
  std::vector<int> sorted(keep.begin(), keep.end());
  std::sort(sorted.begin(), sorted.end());
  unsigned next = 3;
  for (int fd : sorted) {
    if (fd < 3 || static_cast<unsigned>(fd) < next) continue;
    if (static_cast<unsigned>(fd) > next) close_range_compat(next, static_cast<unsigned>(fd) - 1);
    next = static_cast<unsigned>(fd) + 1;
  }
  close_range_compat(next, ~0U);
  for (int fd : sorted) {
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) ::fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
  }
}

void exec_plan(const LaunchPlan& plan) {
  close_other_fds(plan.keep_fds);
  if (plan.ignore_interrupts) {
    ::signal(SIGINT, SIG_IGN);
    ::signal(SIGQUIT, SIG_IGN);
  }
  if (plan.scope_ipc) landlock_scope_ipc();
  std::vector<char*> argv = c_strings(plan.argv);
  std::vector<char*> envp = c_strings(plan.env);
  ::execve(argv[0], argv.data(), envp.data());
  throw std::system_error(errno, std::generic_category(), "cannot execute " + plan.argv[0]);
}

pid_t spawn_plan(const LaunchPlan& plan, int stdin_fd, int stdout_fd, int stderr_fd,
                 int controlling_tty) {
  // Everything the child needs is prepared before fork: no allocation after it.
  std::vector<char*> argv = c_strings(plan.argv);
  std::vector<char*> envp = c_strings(plan.env);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid > 0) return pid;
  if (controlling_tty >= 0) start_terminal_session(controlling_tty);
  move_to(stdin_fd, 0);
  move_to(stdout_fd, 1);
  move_to(stderr_fd, 2);
  close_other_fds(plan.keep_fds);
  if (plan.ignore_interrupts) {
    ::signal(SIGINT, SIG_IGN);
    ::signal(SIGQUIT, SIG_IGN);
  }
  try {
    if (plan.scope_ipc) landlock_scope_ipc();
  } catch (...) {
    _exit(125);
  }
  ::execve(argv[0], argv.data(), envp.data());
  const char* reason = std::strerror(errno);
  dprintf(2, "sandmux: cannot execute %s: %s\n", argv[0], reason);
  _exit(125);
}

bool interrupts_default() {
  struct sigaction action {};
  if (::sigaction(SIGINT, nullptr, &action) != 0 || action.sa_handler != SIG_DFL) return false;
  return ::sigaction(SIGQUIT, nullptr, &action) == 0 && action.sa_handler == SIG_DFL;
}

bool supports_default_signal(const std::string& env) {
  const pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
      ::dup2(null_fd, 0);
      ::dup2(null_fd, 1);
      ::dup2(null_fd, 2);
    }
    ::execl(env.c_str(), env.c_str(), "--default-signal=INT,QUIT", "true",
            static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string find_bwrap(const std::string& path_value) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t colon = path_value.find(':', start);
    const std::string dir = path_value.substr(start, colon - start);
    if (!dir.empty() && dir.front() == '/') {
      const std::string candidate = dir + "/bwrap";
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (::access("/usr/bin/bwrap", X_OK) == 0) return "/usr/bin/bwrap";
  throw SandboxError("bwrap (bubblewrap) not found in PATH or /usr/bin: install it "
                     "(apt install bubblewrap); sandmux never runs a command unsandboxed");
}

}  // namespace sandmux::sandbox

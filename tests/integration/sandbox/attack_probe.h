#pragma once
// Running tests/attack's prober inside a real sandbox and judging what it printed.
//
// A probe runs as a child in its own session or process group, with its output on a pipe
// and, when it needs one, a fresh pty as its controlling terminal on stdin (CI has no
// terminal). A probe that outlives its deadline is killed with its whole group and
// reported as hung, so a launcher that hangs fails the test instead of the run.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <ostream>
#include <string>
#include <vector>

#include "sandbox/landlock.h"
#include "sandbox/unique_fd.h"
#include "tests/support/kernel_abi.h"
#include "tests/support/test_paths.h"

namespace sandmux::testing {

enum class Stdin { null, controlling_tty };

struct SpawnOptions {
  Stdin stdin_kind = Stdin::null;
  bool scope_ipc = false;  // landlock_scope_ipc() before exec, as the launcher does
  std::chrono::milliseconds timeout = std::chrono::seconds(30);
};

/// How a spawned command ended.
struct ProbeOutcome {
  std::string output;  // stdout and stderr, interleaved
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it
  bool hung = false;   // killed at the deadline
};

/// What a probe must end with: its call succeeded, failed with an errno, or the sandbox
/// killed it with a signal.
struct Expectation {
  enum Kind { ok, error, killed } kind;
  const char* errno_name = "";
  int signal = 0;
};

inline Expectation succeeds() { return {Expectation::ok}; }
inline Expectation fails_with(const char* errno_name) { return {Expectation::error, errno_name}; }
inline Expectation killed_by(int signal) { return {Expectation::killed, "", signal}; }

/// One attack (or benign control) for the prober.
struct AttackCase {
  const char* probe;
  Expectation expected;
  Stdin stdin_kind = Stdin::null;
  bool network = false;  // share the host network (--share-net)
};

inline void PrintTo(const AttackCase& attack, std::ostream* os) { *os << attack.probe; }

/// In the forked child: Landlock scoping if asked, stdin from STDIN_PATH (as controlling
/// terminal, in a new session, for Stdin::controlling_tty; else in a new process group),
/// output to OUT, then exec. Only syscalls between fork and exec.
[[noreturn]] inline void exec_child(char* const* args, const SpawnOptions& options,
                                    const char* stdin_path, int out) {
  const Stdin stdin_kind = options.stdin_kind;
  if (options.scope_ipc) {
    try {
      if (!sandbox::landlock_scope_ipc()) _exit(121);
    } catch (...) {
      _exit(122);
    }
  }
  if (stdin_kind == Stdin::controlling_tty) {
    setsid();
  } else {
    setpgid(0, 0);
  }
  const int in = open(stdin_path, O_RDWR);  // a session leader's first tty becomes its own
  if (in < 0) _exit(120);
  if (stdin_kind == Stdin::controlling_tty) ioctl(in, TIOCSCTTY, 0);
  dup2(in, 0);
  dup2(out, 1);
  dup2(out, 2);
  execvp(args[0], args);
  _exit(127);
}

/// Reads FD into OUTCOME until EOF or a second after PID has exited (a daemon it left may
/// hold the pipe), and reaps PID; past DEADLINE, kills PID's group and marks OUTCOME hung.
inline void collect(int fd, pid_t pid, std::chrono::steady_clock::time_point deadline,
                    ProbeOutcome& outcome) {
  using Clock = std::chrono::steady_clock;
  int status = 0;
  bool exited = false;
  for (;;) {
    if (!exited && waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      deadline = std::min(deadline, Clock::now() + std::chrono::seconds(1));
    }
    if (Clock::now() >= deadline) break;
    pollfd ready{fd, POLLIN, 0};
    if (poll(&ready, 1, 100) <= 0) continue;
    char buffer[4096];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    outcome.output.append(buffer, static_cast<std::size_t>(n));
  }
  while (!exited && Clock::now() < deadline) {
    exited = waitpid(pid, &status, WNOHANG) == pid;
    if (!exited) usleep(10'000);
  }
  if (!exited) {
    outcome.hung = true;
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
}

/// Runs ARGV (argv[0] looked up in PATH) and collects its output until it exits or the
/// timeout passes. Descriptors without close-on-exec (a seccomp memfd) are inherited.
inline ProbeOutcome spawn_and_wait(const std::vector<std::string>& argv,
                                   const SpawnOptions& options = {}) {
  ProbeOutcome outcome;
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return outcome;
  sandbox::UniqueFd read_end(pipe_fds[0]);
  sandbox::UniqueFd write_end(pipe_fds[1]);

  sandbox::UniqueFd master;  // kept open until the child is reaped: closing it hangs up
  std::string stdin_path = "/dev/null";
  if (options.stdin_kind == Stdin::controlling_tty) {
    master.reset(posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!master || grantpt(master.get()) != 0 || unlockpt(master.get()) != 0) return outcome;
    stdin_path = ptsname(master.get());
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  const pid_t pid = fork();
  if (pid == 0) exec_child(args.data(), options, stdin_path.c_str(), write_end.get());
  if (pid < 0) return outcome;
  write_end.reset();
  collect(read_end.get(), pid, std::chrono::steady_clock::now() + options.timeout, outcome);
  return outcome;
}

/// Whether OUTCOME of PROBE meets EXPECTED. A launcher that passes the status through
/// like a shell reports a killed probe as exit 128+signal (bwrap does so).
inline ::testing::AssertionResult probe_ended_as(const std::string& probe,
                                                 const ProbeOutcome& outcome,
                                                 const Expectation& expected) {
  auto failure = [&] {
    return ::testing::AssertionFailure()
           << "probe " << probe << ": exit " << outcome.exit_code << ", signal " << outcome.signal
           << (outcome.hung ? ", HUNG" : "") << ", output:\n"
           << outcome.output;
  };
  if (outcome.hung) return failure() << "\n(the launcher did not finish)";
  if (outcome.output.find("ATTEMPT " + probe + "\n") == std::string::npos)
    return failure() << "\n(the prober never reached its attempt)";
  switch (expected.kind) {
    case Expectation::ok:
      if (outcome.exit_code == 0 && outcome.output.find("RESULT ok\n") != std::string::npos)
        return ::testing::AssertionSuccess();
      return failure() << "\nexpected RESULT ok";
    case Expectation::error: {
      const std::string line = std::string("RESULT errno=") + expected.errno_name + "\n";
      if (outcome.exit_code == 0 && outcome.output.find(line) != std::string::npos)
        return ::testing::AssertionSuccess();
      return failure() << "\nexpected " << line;
    }
    case Expectation::killed:
      if (outcome.output.find("RESULT") == std::string::npos &&
          (outcome.signal == expected.signal || outcome.exit_code == 128 + expected.signal))
        return ::testing::AssertionSuccess();
      return failure() << "\nexpected death by " << strsignal(expected.signal);
  }
  return failure();
}

/// A gtest-safe name: "tiocsti-stdin-highbit" failing with EPERM becomes
/// "TiocstiStdinHighbit_FailsWithEPERM".
inline std::string case_name(const AttackCase& attack) {
  std::string name;
  bool upper = true;
  for (const char* c = attack.probe; *c; ++c) {
    if (*c == '-') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(*c))) : *c;
    upper = false;
  }
  switch (attack.expected.kind) {
    case Expectation::ok:
      return name + "_Succeeds";
    case Expectation::error:
      return name + "_FailsWith" + attack.expected.errno_name;
    case Expectation::killed:
      return name + "_IsKilledBy" + sigabbrev_np(attack.expected.signal);
  }
  return name;
}

/// Every syscall-level attack and benign control, with the answer the seccomp filter gives.
inline const std::vector<AttackCase>& syscall_attack_cases() {
  static const std::vector<AttackCase> cases = {
      {"tiocsti-stdin", fails_with("EPERM"), Stdin::controlling_tty},
      {"tiocsti-stdin-highbit", fails_with("EPERM"), Stdin::controlling_tty},
      {"tiocsti-devtty", fails_with("EPERM"), Stdin::controlling_tty},
      {"tiocsti-devtty-highbit", fails_with("EPERM"), Stdin::controlling_tty},
      {"tiocsti-pty", fails_with("EPERM")},
      {"tiocsti-pty-highbit", fails_with("EPERM")},
      {"tioclinux-stdin", fails_with("EPERM"), Stdin::controlling_tty},
      {"tioclinux-pty", fails_with("EPERM")},
      {"clone3", fails_with("ENOSYS")},
      {"clone3-newuser", fails_with("ENOSYS")},
      {"clone-newuser", fails_with("EPERM")},
      {"unshare-user", fails_with("EPERM")},
      {"unshare-mount", fails_with("EPERM")},
      {"unshare-net", fails_with("EPERM")},
      {"mount", fails_with("EPERM")},
      {"umount", fails_with("EPERM")},
      {"chroot", fails_with("EPERM")},
      {"setns", fails_with("EPERM")},
      {"fsopen", fails_with("ENOSYS")},
      {"open-tree", fails_with("ENOSYS")},
      {"ptrace-attach-init", fails_with("EPERM")},
      {"ptrace-traceme", fails_with("EPERM")},
      {"process-vm-readv", fails_with("EPERM")},
      {"process-vm-writev", fails_with("EPERM")},
      {"syslog", fails_with("EPERM")},
      {"open-by-handle-at", fails_with("EPERM")},
      {"perf-event-open", fails_with("EPERM")},
      {"bpf", fails_with("EPERM")},
      {"userfaultfd", fails_with("EPERM")},
      {"io-uring-setup", fails_with("EPERM")},
      {"keyctl", fails_with("EPERM")},
      {"add-key", fails_with("EPERM")},
      {"personality-linux32", fails_with("EPERM")},
      {"personality-linux32-highbit", fails_with("EPERM")},
      {"socket-netlink", fails_with("EAFNOSUPPORT"), Stdin::null, true},
      {"socket-packet", fails_with("EAFNOSUPPORT"), Stdin::null, true},
      {"socket-bluetooth", fails_with("EAFNOSUPPORT"), Stdin::null, true},
      {"socket-vsock", fails_with("EAFNOSUPPORT"), Stdin::null, true},
      {"socketpair-netlink", fails_with("EAFNOSUPPORT")},
      {"i386-getpid", killed_by(signal_ending_a_filtered_i386_call())},
      {"x32-getpid", killed_by(SIGSYS)},
      // Benign controls: the filter must not over-block.
      {"threads", succeeds()},
      {"fork", succeeds()},
      {"socket-inet", succeeds(), Stdin::null, true},
      {"socket-inet6", succeeds(), Stdin::null, true},
      {"socket-unix", succeeds()},
      {"socketpair-unix", succeeds()},
      {"personality-query", succeeds()},
      {"personality-default", succeeds()},
      {"tiocgwinsz", succeeds()},
      {"getpid", succeeds()},
  };
  return cases;
}

/// True when NAME is an executable in PATH.
inline bool in_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    if (access((dirs.substr(start, end - start) + "/" + name).c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

/// The directory holding PATH.
inline std::string dirname_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".")
         : slash == 0               ? std::string("/")
                                    : path.substr(0, slash);
}

/// prober_binary() with symlinks resolved, as bwrap binds it.
inline std::string canonical_prober() {
  char resolved[PATH_MAX];
  const std::string prober = prober_binary();
  return realpath(prober.c_str(), resolved) ? std::string(resolved) : prober;
}

/// The hand-written sandbox: everything unshared, system read-only, the prober's
/// directory read-only at the same path, PROBE_ARGS for the prober; SECCOMP_FD < 0 runs
/// without a filter.
inline std::vector<std::string> bwrap_argv(const std::string& prober, int seccomp_fd, bool network,
                                           const std::vector<std::string>& probe_args) {
  const std::string dir = dirname_of(prober);
  // clang-format off
  std::vector<std::string> argv = {
      "bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
      "--ro-bind", "/usr", "/usr",
      "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
      "--proc", "/proc", "--dev", "/dev",
      "--ro-bind", dir, dir};
  // clang-format on
  if (network) argv.push_back("--share-net");
  if (seccomp_fd >= 0) argv.insert(argv.end(), {"--seccomp", std::to_string(seccomp_fd)});
  argv.insert(argv.end(), {"--", prober});
  argv.insert(argv.end(), probe_args.begin(), probe_args.end());
  return argv;
}

}  // namespace sandmux::testing

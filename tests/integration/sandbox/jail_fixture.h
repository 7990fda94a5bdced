#pragma once
// A confined tmux server for one test: a jail of a small policy (system read-only, the
// project read-write) in a temp directory, started in SetUp and stopped in TearDown.
// Sandboxed commands and confined clients are run through the library, exactly as the
// broker will run them.
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include <filesystem>

#include "sandbox/client_jail.h"
#include "sandbox/jail.h"
#include "sandbox/launch_plan.h"
#include "sandbox/launcher.h"
#include "sandbox/seccomp_filter.h"
#include "sandbox/socket_dir.h"
#include "tests/integration/sandbox/sandbox_test_support.h"

namespace sandmux::testing {

/// Runs PLAN (its seccomp fd already open in this process) and captures its output.
inline ProcessResult run_plan(const sandbox::LaunchPlan& plan) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  sandbox::UniqueFd null_fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  const pid_t pid = sandbox::spawn_plan(plan, null_fd.get(), out[1], err[1]);
  ::close(out[1]);
  ::close(err[1]);
  return collect_output(pid, out[0], err[0], pid);
}

/// A child on a new pseudo-terminal whose output is drained; killed when destroyed.
class PtyChild {
 public:
  /// Forks onto a pty and calls CHILD (which must exec or _exit).
  template <class Child>
  explicit PtyChild(Child child) {
    winsize size{24, 80, 0, 0};
    m_pid = ::forkpty(&m_master, nullptr, nullptr, &size);
    if (m_pid < 0) throw std::runtime_error("forkpty");
    if (m_pid == 0) {
      child();
      _exit(122);
    }
  }
  ~PtyChild() {
    if (m_pid > 0 && !m_exited) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, nullptr, 0);
    }
    if (m_master >= 0) ::close(m_master);
  }
  PtyChild(const PtyChild&) = delete;
  PtyChild& operator=(const PtyChild&) = delete;

  /// Reads what is available; true once the child has exited.
  bool poll_exit() {
    char buffer[4096];
    pollfd p{m_master, POLLIN, 0};
    while (::poll(&p, 1, 0) > 0 && (p.revents & POLLIN)) {
      const ssize_t n = ::read(m_master, buffer, sizeof buffer);
      if (n <= 0) break;
      m_output.append(buffer, static_cast<std::size_t>(n));
    }
    if (!m_exited && ::waitpid(m_pid, nullptr, WNOHANG) == m_pid) m_exited = true;
    return m_exited;
  }
  const std::string& output() const { return m_output; }
  /// Types TEXT on the terminal.
  void write(const std::string& text) {
    if (::write(m_master, text.data(), text.size()) < 0) throw std::runtime_error("pty write");
  }
  /// Resizes the terminal (the kernel sends SIGWINCH to its foreground process group).
  void resize(unsigned short cols, unsigned short rows) {
    winsize size{rows, cols, 0, 0};
    ::ioctl(m_master, TIOCSWINSZ, &size);
  }

 private:
  pid_t m_pid = -1;
  int m_master = -1;
  bool m_exited = false;
  std::string m_output;
};

class JailFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    m_project = m_tmp / "proj";
    std::filesystem::create_directories(m_project);
    std::filesystem::create_directories(m_tmp / "rt");
    ::chmod((m_tmp / "rt").c_str(), 0700);
    const auto env = current_environment();
    m_spec.caller_env = {{"PATH", env.contains("PATH") ? env.at("PATH") : "/usr/bin:/bin"},
                         {"TERM", "xterm-256color"},
                         {"LANG", "C.UTF-8"}};
    m_spec.policy.project = m_project;
    m_spec.policy.ro = {{"/usr", false}, {"/etc", false}, {"/opt", true}};
    m_spec.policy.rw = {{m_project, false}};
    m_spec.policy.network = sandbox::Network::none;
    m_spec.paths = sandbox::make_jail_paths(m_tmp / "rt/sandmux", "test", m_project);
    m_spec.home = "/home/sandmux-test";
    m_spec.uid = ::getuid();
    m_spec.bwrap = sandbox::find_bwrap(m_spec.caller_env["PATH"]);
    sandbox::prepare_jail_dirs(m_spec.paths, m_spec.uid);
    ASSERT_EQ(start(), sandbox::JailStart::started);
  }

  void TearDown() override { sandbox::stop_jail_server(m_spec.paths); }

  sandbox::JailStart start() {
    return sandbox::ensure_jail_server(m_spec, [] { return sandbox::export_seccomp_filter({}); });
  }

  /// The confined-client plan for tmux ARGS (SECCOMP must stay open until it is spawned).
  sandbox::LaunchPlan client_plan(const std::vector<std::string>& args, int seccomp,
                                  bool terminal) const {
    sandbox::ClientJailRequest request;
    request.socket_dir = m_spec.paths.socket_dir;
    request.tmux_args = args;
    request.caller_env = m_spec.caller_env;
    request.home = m_spec.home;
    request.uid = m_spec.uid;
    request.bwrap = m_spec.bwrap;
    request.seccomp_fd = seccomp;
    request.terminal = terminal;
    return sandbox::build_client_jail_plan(request, sandbox::RealHostFs());
  }

  /// tmux ARGS through a confined client, without a terminal.
  ProcessResult jailed_tmux(const std::vector<std::string>& args) {
    sandbox::UniqueFd seccomp = sandbox::export_seccomp_filter({});
    return run_plan(client_plan(args, seccomp.get(), false));
  }

  /// COMMAND in a sandbox of the jail's policy with the socket dir bound (like `run`).
  sandbox::LaunchPlan inside_plan(const std::vector<std::string>& command, int seccomp) const {
    sandbox::LaunchRequest request;
    request.policy = m_spec.policy;
    request.caller_env = m_spec.caller_env;
    request.home = m_spec.home;
    request.uid = m_spec.uid;
    request.socket_dir = m_spec.paths.socket_dir;
    request.command = command;
    request.bwrap = m_spec.bwrap;
    request.seccomp_fd = seccomp;
    return sandbox::build_launch_plan(request, sandbox::RealHostFs());
  }
  ProcessResult inside(const std::string& script) {
    sandbox::UniqueFd seccomp = sandbox::export_seccomp_filter({});
    return run_plan(inside_plan({"sh", "-c", script}, seccomp.get()));
  }

  TempDir m_tmp;
  std::string m_project;
  sandbox::JailSpec m_spec;
};

}  // namespace sandmux::testing

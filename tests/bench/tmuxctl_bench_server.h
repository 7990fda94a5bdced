#pragma once
// A private tmux server for the tmuxctl benchmarks (tmux -L sandmux-bench-<pid>-<tag>), and a
// synchronous process runner. Killed when the object goes away.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "tmuxctl/connection.h"
#include "tmuxctl/process_launcher.h"

namespace sandmux::tmuxctl::bench {

/// Runs ARGV with stdin at EOF; returns its exit status. Stdout/stderr are drained and dropped.
inline int run_process(const std::vector<std::string>& argv) {
  SpawnLauncher launcher;
  const LaunchedProcess p = launcher.launch(argv);
  ::close(p.stdin_fd);
  char buffer[4096];
  while (::read(p.stdout_fd, buffer, sizeof buffer) > 0) {}
  ::close(p.stdout_fd);
  ::close(p.stderr_fd);
  int status = 0;
  ::waitpid(p.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class BenchServer {
 public:
  explicit BenchServer(const std::string& tag) {
    ::unsetenv("TMUX");
    ::setenv("SHELL", "/bin/sh", 1);  // tmux runs window commands with it (nobody's is nologin)
    m_socket = "sandmux-bench-" + std::to_string(::getpid()) + "-" + tag;
    if (run_process(tmux({"new-session", "-d", "-s", "main", "-x", "80", "-y", "24", "sleep 100000"})) != 0) {
      throw std::runtime_error("cannot start tmux");
    }
  }
  ~BenchServer() {
    run_process(tmux({"kill-server"}));
    const char* dir = std::getenv("TMUX_TMPDIR");
    const std::string path = std::string(dir && *dir ? dir : "/tmp") + "/tmux-" + std::to_string(::getuid()) + "/" + m_socket;
    ::unlink(path.c_str());  // tmux leaves its socket file behind
  }

  std::vector<std::string> tmux(std::vector<std::string> args) const {
    std::vector<std::string> argv{"tmux", "-L", m_socket, "-f", "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  ConnectionOptions options(std::string flags) const {
    ConnectionOptions o;
    o.tmux_command = {"tmux", "-L", m_socket, "-f", "/dev/null"};
    o.startup = {"attach-session", "-t", "main"};
    o.client_flags = std::move(flags);
    return o;
  }

 private:
  std::string m_socket;
};

}  // namespace sandmux::tmuxctl::bench

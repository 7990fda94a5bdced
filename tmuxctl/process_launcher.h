#pragma once
/*
 * How a Connection starts its `tmux -C` client. The broker supplies a launcher that wraps the
 * argv in a client jail; SpawnLauncher runs it directly. Invariants:
 *  - launch() gets the whole argv (argv[0] is looked up in PATH) and returns the pid of
 *    whatever it started, which need not be tmux itself (it may be a jail wrapper whose
 *    descendant is tmux); the Connection only ever kills and reaps that pid.
 *  - The returned descriptors are owned by the caller, close-on-exec, and connected to the
 *    client's stdin (we write), stdout (we read) and optionally stderr (we read; -1 if none).
 */
#include <sys/types.h>

#include <string>
#include <vector>

namespace sandmux::tmuxctl {

struct LaunchedProcess {
  pid_t pid = -1;
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
};

class ProcessLauncher {
 public:
  virtual ~ProcessLauncher() = default;
  /// Starts ARGV. Throws std::system_error if it cannot be started.
  virtual LaunchedProcess launch(const std::vector<std::string>& argv) = 0;
  /// Makes PID die now (default: SIGKILL). Never blocks.
  virtual void kill(pid_t pid);
  /// Reaps PID without blocking (default: waitpid WNOHANG). True once it is gone.
  virtual bool try_reap(pid_t pid);
};

/// posix_spawnp with three pipes; the child inherits the environment minus TMUX (so that a
/// client started from inside tmux does not refuse to attach) and gets its own process group.
class SpawnLauncher : public ProcessLauncher {
 public:
  LaunchedProcess launch(const std::vector<std::string>& argv) override;
};

}  // namespace sandmux::tmuxctl

/*
 * The default launcher: posix_spawnp (safe in threaded programs, unlike fork+exec with
 * arbitrary code in between). Invariant: on any failure every descriptor created here is
 * closed again and std::system_error is thrown; on success the parent's ends are O_CLOEXEC.
 */
#include "tmuxctl/process_launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

extern char** environ;

namespace sandmux::tmuxctl {
namespace {

struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() {
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  ~Pipe() {
    for (int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  int take(int end) { return std::exchange(fds[end], -1); }
};

std::vector<char*> environment_without_tmux() {
  std::vector<char*> env;
  for (char** e = environ; e && *e; ++e) {
    if (std::strncmp(*e, "TMUX=", 5) != 0) env.push_back(*e);
  }
  env.push_back(nullptr);
  return env;
}

/// Owns posix_spawn's attribute objects.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

}  // namespace

void ProcessLauncher::kill(pid_t pid) {
  if (pid > 0) ::kill(pid, SIGKILL);
}

bool ProcessLauncher::try_reap(pid_t pid) {
  if (pid <= 0) return true;
  int status = 0;
  const pid_t result = ::waitpid(pid, &status, WNOHANG);
  return result == pid || (result < 0 && errno == ECHILD);
}

LaunchedProcess SpawnLauncher::launch(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::system_error(EINVAL, std::generic_category(), "empty argv");
  Pipe in;
  Pipe out;
  Pipe err;
  SpawnSetup setup;
  posix_spawn_file_actions_adddup2(&setup.actions, in.fds[0], 0);
  posix_spawn_file_actions_adddup2(&setup.actions, out.fds[1], 1);
  posix_spawn_file_actions_adddup2(&setup.actions, err.fds[1], 2);
  posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                            POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&setup.attr, 0);
  sigset_t signals;
  sigemptyset(&signals);
  posix_spawnattr_setsigmask(&setup.attr, &signals);
  sigaddset(&signals, SIGPIPE);
  sigaddset(&signals, SIGCHLD);
  posix_spawnattr_setsigdefault(&setup.attr, &signals);

  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  auto env = environment_without_tmux();
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, args[0], &setup.actions, &setup.attr, args.data(), env.data());
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "posix_spawnp " + argv[0]);
  return LaunchedProcess{pid, in.take(1), out.take(0), err.take(0)};
}

}  // namespace sandmux::tmuxctl

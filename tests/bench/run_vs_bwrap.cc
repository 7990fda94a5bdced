// Side-by-side start-up cost, one run, interleaved rounds:
//   true            the bare command
//   bwrap           a hand-written bwrap command equivalent to the default profile,
//                   with the same seccomp filter (exported once, passed as fd 3)
//   sandmux run     `sandmux run -p default -- true` (reads the profile, builds the
//                   filter, checks the jail, then execs bwrap)
// Prints median and p90 wall time per variant and the ratio sandmux/bwrap.
// Usage: run_vs_bwrap SANDMUX_BINARY [ROUNDS]
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sandbox/seccomp_filter.h"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double run_once(const std::vector<std::string>& argv, int seccomp_fd) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (seccomp_fd >= 0) {
    ::lseek(seccomp_fd, 0, SEEK_SET);
    posix_spawn_file_actions_adddup2(&actions, seccomp_fd, 3);
  }
  const Clock::time_point start = Clock::now();
  pid_t pid = 0;
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    std::perror(args[0]);
    std::exit(1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  posix_spawn_file_actions_destroy(&actions);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "%s exited with %d\n", args[0], status);
    std::exit(1);
  }
  return ms;
}

/// What a careful wrapper script would write for the default profile: the same
/// namespaces, mounts and filter as sandmux builds, the socket directory included.
std::vector<std::string> hand_written_bwrap(const std::string& project, const std::string& socket_dir) {
  const std::string home = std::getenv("HOME") ? std::getenv("HOME") : "/root";
  const std::string tmux_dir = "/tmp/tmux-" + std::to_string(::getuid());
  return {"bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--share-net",
          "--die-with-parent", "--new-session", "--symlink", "usr/bin", "/bin", "--dev", "/dev",
          "--ro-bind", "/etc", "/etc", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib32", "/lib32",
          "--symlink", "usr/lib64", "/lib64", "--ro-bind-try", "/opt", "/opt", "--proc", "/proc",
          "--tmpfs", home, "--tmpfs", "/run", "--symlink", "usr/sbin", "/sbin", "--tmpfs", "/tmp",
          "--bind", project, project, "--bind", socket_dir, tmux_dir, "--ro-bind", "/usr", "/usr",
          "--chdir", project, "--seccomp", "3", "--", "true"};
}

struct Stats {
  double median = 0, p90 = 0;
};

Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[v.size() * 9 / 10]};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: run_vs_bwrap SANDMUX_BINARY [ROUNDS]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 100;
  char cwd[4096];
  if (!::getcwd(cwd, sizeof cwd)) return 1;
  const sandmux::sandbox::UniqueFd filter = sandmux::sandbox::export_seccomp_filter({});
  const std::vector<std::string> bare = {"true"};
  char socket_dir[] = "/tmp/run-vs-bwrap.XXXXXX";
  if (!::mkdtemp(socket_dir)) return 1;
  const std::vector<std::string> bwrap = hand_written_bwrap(cwd, socket_dir);
  const std::vector<std::string> sandmux = {argv[1], "run", "-p", "default", "--", "true"};

  run_once(sandmux, -1);  // warm-up: starts the jail's tmux server once
  std::vector<double> t_bare, t_bwrap, t_sandmux;
  for (int i = 0; i < rounds; ++i) {
    t_bare.push_back(run_once(bare, -1));
    t_bwrap.push_back(run_once(bwrap, filter.get()));
    t_sandmux.push_back(run_once(sandmux, -1));
  }
  const Stats a = stats(t_bare), b = stats(t_bwrap), c = stats(t_sandmux);
  std::printf("rounds: %d (interleaved)\n", rounds);
  std::printf("%-34s median %7.2f ms   p90 %7.2f ms\n", "true", a.median, a.p90);
  std::printf("%-34s median %7.2f ms   p90 %7.2f ms\n", "bwrap (hand-written, same seccomp)", b.median, b.p90);
  std::printf("%-34s median %7.2f ms   p90 %7.2f ms\n", "sandmux run -p default -- true", c.median, c.p90);
  std::printf("ratio sandmux/bwrap: median %.2f  p90 %.2f  (aim <= 1.25)\n", c.median / b.median, c.p90 / b.p90);
  ::rmdir(socket_dir);
  return 0;
}

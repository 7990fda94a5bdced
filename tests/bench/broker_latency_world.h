#pragma once
// A private world for broker_latency: a temp dir under /tmp holding XDG_RUNTIME_DIR,
// XDG_CONFIG_HOME, XDG_STATE_HOME, HOME and a project (with a .git), and the environment
// that every process the benchmark starts gets (never the driver's own: the user's broker
// and jails are not touched). At destruction: `sandmux broker stop`, every jail under the
// runtime dir stopped, any process still carrying this XDG_RUNTIME_DIR killed, the temp
// dir removed.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "sandbox/jail.h"
#include "sandbox/jail_paths.h"

namespace sandmux::bench {

class PrivateWorld {
 public:
  explicit PrivateWorld(std::string sandmux_binary) : m_sandmux(std::move(sandmux_binary)) {
    char dir[] = "/tmp/broker-latency.XXXXXX";
    if (!::mkdtemp(dir)) throw std::runtime_error("mkdtemp failed");
    m_root = dir;
    for (const char* sub : {"rt", "config", "state", "home", "proj/.git"}) {
      std::filesystem::create_directories(m_root + "/" + sub);
    }
    std::ofstream(m_root + "/proj/.git/config") << "[core]\n";
    ::chmod((m_root + "/rt").c_str(), 0700);
    const char* path = std::getenv("PATH");
    m_env = {"PATH=" + std::string(path ? path : "/usr/local/bin:/usr/bin:/bin"),
             "HOME=" + m_root + "/home",
             "LANG=C.UTF-8",
             "TERM=xterm-256color",
             "XDG_RUNTIME_DIR=" + runtime_dir(),
             "XDG_CONFIG_HOME=" + m_root + "/config",
             "XDG_STATE_HOME=" + m_root + "/state"};
  }
  ~PrivateWorld() {
    try {
      run({m_sandmux, "broker", "stop"});
    } catch (const std::exception&) {
      // no sandmux to run: no broker either; the jails and leftovers are still looked for
    }
    for (const sandbox::JailPaths& jail : sandbox::find_jails(runtime_dir() + "/sandmux")) {
      sandbox::stop_jail_server(jail);
    }
    kill_leftovers();
    std::error_code ignored;
    std::filesystem::remove_all(m_root, ignored);
  }
  PrivateWorld(const PrivateWorld&) = delete;
  PrivateWorld& operator=(const PrivateWorld&) = delete;

  const std::string& sandmux() const { return m_sandmux; }
  std::string project() const { return m_root + "/proj"; }
  std::string runtime_dir() const { return m_root + "/rt"; }
  std::string broker_socket() const { return runtime_dir() + "/sandmux/broker.sock"; }

  /// Starts ARGV in the project with this world's environment, stdin and stdout on
  /// /dev/null (stderr stays the driver's, so failures are seen). FDS: {pipe end,
  /// target fd} pairs to hand over. Returns the pid.
  pid_t spawn(const std::vector<std::string>& argv,
              const std::vector<std::pair<int, int>>& fds = {}) const {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<char*> env;
    for (const std::string& e : m_env) env.push_back(const_cast<char*>(e.c_str()));
    env.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    for (const auto& [from, to] : fds) posix_spawn_file_actions_adddup2(&actions, from, to);
    posix_spawn_file_actions_addchdir_np(&actions, project().c_str());
    pid_t pid = 0;
    const int error = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::runtime_error("cannot start " + argv[0]);
    return pid;
  }

  /// Runs ARGV to its end; its exit status (128+N when killed by signal N).
  int run(const std::vector<std::string>& argv) const {
    const pid_t pid = spawn(argv);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  /// Kills every process (but this one) whose environment holds this XDG_RUNTIME_DIR.
  void kill_leftovers() const {
    const std::string marker = "XDG_RUNTIME_DIR=" + runtime_dir();
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      const std::string pid = entry.path().filename().string();
      if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
      if (std::stol(pid) == ::getpid()) continue;
      std::ifstream file(entry.path() / "environ", std::ios::binary);
      const std::string environ_text{std::istreambuf_iterator<char>(file), {}};
      for (std::size_t start = 0; start < environ_text.size();) {
        const std::size_t end = std::min(environ_text.find('\0', start), environ_text.size());
        if (environ_text.compare(start, end - start, marker) == 0) {
          ::kill(static_cast<pid_t>(std::stol(pid)), SIGKILL);
          break;
        }
        start = end + 1;
      }
    }
  }

  std::string m_sandmux;
  std::string m_root;
  std::vector<std::string> m_env;
};

}  // namespace sandmux::bench

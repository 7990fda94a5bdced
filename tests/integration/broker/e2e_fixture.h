#pragma once
// A private world for the session verbs, as a user types them: the real `sandmux` binary
// (sandmux_binary(), $SANDMUX_BIN) with its own XDG_RUNTIME_DIR, XDG_CONFIG_HOME,
// XDG_STATE_HOME and HOME in a temp dir under /tmp, a project with a .git, and stdin
// from /dev/null. The broker is started on demand by the first verb; at the end it is
// stopped (`sandmux broker stop`), the jails are stopped, and any process still carrying
// this test's XDG_RUNTIME_DIR in its environment is killed.
// Works as root and as an unprivileged user running copied binaries.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sandbox/jail.h"
#include "sandbox/jail_paths.h"
#include "tests/integration/sandbox/sandbox_test_support.h"

namespace sandmux::testing {

/// A child process whose stdout is read as it comes (stdin /dev/null, stderr kept apart),
/// for commands that stream (`logs -f`). Killed at destruction if still running.
class Background {
 public:
  Background(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
             const std::string& cwd) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    std::vector<std::string> env_strings;
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> cargv, cenv;
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    for (const auto& e : env_strings) cenv.push_back(const_cast<char*>(e.c_str()));
    cenv.push_back(nullptr);
    m_pid = ::fork();
    if (m_pid == 0) {
      const int null_fd = ::open("/dev/null", O_RDWR);
      ::dup2(null_fd, 0);
      ::dup2(out[1], 1);
      if (::chdir(cwd.c_str()) != 0) _exit(121);
      ::setpgid(0, 0);
      ::execve(cargv[0], cargv.data(), cenv.data());
      _exit(122);
    }
    ::close(out[1]);
    m_out = out[0];
  }
  ~Background() {
    if (m_pid > 0) {
      ::kill(-m_pid, SIGKILL);
      ::waitpid(m_pid, nullptr, 0);
    }
    if (m_out >= 0) ::close(m_out);
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  /// Reads stdout until it contains TEXT; false at end of file or the hang timeout.
  bool read_until(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + kHangTimeout;
    while (m_output.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline || !read_some()) return false;
    }
    return true;
  }
  /// Reads to the end and reaps the child: its exit code, or -1 when it had to be killed.
  int wait() {
    const auto deadline = std::chrono::steady_clock::now() + kHangTimeout;
    bool ended = false;
    while (!ended && std::chrono::steady_clock::now() < deadline) ended = !read_some();
    if (!ended) ::kill(-m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
    if (!ended) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  const std::string& output() const { return m_output; }

 private:
  /// False at end of file.
  bool read_some() {
    pollfd fd = {m_out, POLLIN, 0};
    if (::poll(&fd, 1, 1000) <= 0) return true;
    char buffer[4096];
    const ssize_t n = ::read(m_out, buffer, sizeof buffer);
    if (n <= 0) return false;
    m_output.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  pid_t m_pid = -1;
  int m_out = -1;
  std::string m_output;
};

class SandmuxE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    m_project = m_tmp / "proj";
    std::filesystem::create_directories(m_project + "/.git/hooks");
    write_file(m_project + "/.git/config", "[core]\n");
    m_runtime = m_tmp / "rt";
    for (const char* dir : {"rt", "config/sandmux/profiles", "state", "home"}) {
      std::filesystem::create_directories(m_tmp / dir);
    }
    ::chmod(m_runtime.c_str(), 0700);
    const auto current = current_environment();
    const auto path = current.find("PATH");
    m_env["PATH"] = path != current.end() ? path->second : "/usr/local/bin:/usr/bin:/bin";
    m_env["HOME"] = m_tmp / "home";
    m_env["LANG"] = "C.UTF-8";
    m_env["TERM"] = "xterm-256color";
    m_env["XDG_RUNTIME_DIR"] = m_runtime;
    m_env["XDG_CONFIG_HOME"] = m_tmp / "config";
    m_env["XDG_STATE_HOME"] = m_tmp / "state";
  }

  void TearDown() override {
    sandmux({"broker", "stop"});
    for (const sandbox::JailPaths& jail : sandbox::find_jails(m_runtime + "/sandmux")) {
      sandbox::stop_jail_server(jail);
    }
    kill_leftovers();
  }

  /// `sandmux ARGS...` in the project directory.
  ProcessResult sandmux(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {sandmux_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, m_env, m_project);
  }

  /// `sandmux new ARGS...`, which must succeed; returns the name it printed.
  std::string new_session(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"new"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult result = sandmux(argv);
    EXPECT_EQ(result.status, 0) << result.err;
    std::string name = result.out;
    if (!name.empty() && name.back() == '\n') name.pop_back();
    return name;
  }

  /// The session object of NAME from `ls --json` (null when it is not listed).
  boost::json::value session(const std::string& name) {
    const ProcessResult result = sandmux({"ls", "--json"});
    EXPECT_EQ(result.status, 0) << result.err;
    const boost::json::value list = boost::json::parse(result.out);
    for (const boost::json::value& item : list.as_array()) {
      if (item.at("name").as_string() == name) return item;
    }
    return nullptr;
  }

  /// The screen of NAME contains TEXT, eventually.
  bool screen_has(const std::string& name, const std::string& text) {
    return eventually([&] { return sandmux({"capture", name}).out.find(text) != std::string::npos; });
  }

  std::string jail_base() const { return m_runtime + "/sandmux"; }

  /// Kills every process whose environment holds this test's XDG_RUNTIME_DIR.
  void kill_leftovers() const {
    const std::string marker = "XDG_RUNTIME_DIR=" + m_runtime;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      const std::string pid = entry.path().filename().string();
      if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
      const std::string environ_text = read_file(entry.path().string() + "/environ");
      std::size_t start = 0;
      while (start < environ_text.size()) {
        const std::size_t end = environ_text.find('\0', start);
        if (environ_text.compare(start, end - start, marker) == 0) {
          ::kill(static_cast<pid_t>(std::stol(pid)), SIGKILL);
          break;
        }
        if (end == std::string::npos) break;
        start = end + 1;
      }
    }
  }

  TempDir m_tmp;
  std::string m_project;
  std::string m_runtime;
  std::map<std::string, std::string> m_env;
};

}  // namespace sandmux::testing

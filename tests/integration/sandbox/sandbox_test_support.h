#pragma once
// Helpers for the sandbox integration tests: private temp directories under /tmp, child
// processes with captured output and a generous timeout (only to avoid hangs), and a
// private sandmux environment (XDG_RUNTIME_DIR in a temp dir, so jails never touch the
// user's). Works as root and as an unprivileged user from a copied build directory.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_paths.h"

extern char** environ;

namespace sandmux::testing {

inline constexpr auto kHangTimeout = std::chrono::seconds(60);

/// A directory made with mkdtemp under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/sandmux-test.XXXXXX";
    const char* made = ::mkdtemp(pattern);
    if (!made) throw std::runtime_error("mkdtemp failed");
    m_path = std::filesystem::canonical(made).string();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(m_path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return m_path; }
  std::string operator/(const std::string& name) const { return m_path + "/" + name; }

 private:
  std::string m_path;
};

struct ProcessResult {
  int status = -1;  // exit code, or 128 + signal; -1 when it had to be killed
  std::string out;
  std::string err;
};

inline std::map<std::string, std::string> current_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (eq) env.emplace(std::string(*e, static_cast<std::size_t>(eq - *e)), std::string(eq + 1));
  }
  return env;
}

/// Reads PID's stdout and stderr (OUT_FD, ERR_FD, which it takes over) to the end and
/// reaps PID. When they do not close within the hang timeout, KILL_TARGET (a pid, or a
/// negated process group) is SIGKILLed and the result's status stays -1.
inline ProcessResult collect_output(pid_t pid, int out_fd, int err_fd, pid_t kill_target) {
  ProcessResult result;
  const auto deadline = std::chrono::steady_clock::now() + kHangTimeout;
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open_count = 2;
  while (open_count > 0 && std::chrono::steady_clock::now() < deadline) {
    if (::poll(fds, 2, 1000) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buffer[4096];
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      } else {
        (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  for (auto& p : fds) {
    if (p.fd >= 0) ::close(p.fd);
  }
  int status = 0;
  if (open_count > 0) ::kill(kill_target, SIGKILL);
  ::waitpid(pid, &status, 0);
  if (open_count > 0) return result;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

/// Runs ARGV (argv[0] searched in PATH) with ENV as its whole environment, stdin from
/// /dev/null, capturing stdout and stderr.
inline ProcessResult run_process(const std::vector<std::string>& argv,
                                 const std::map<std::string, std::string>& env,
                                 const std::string& cwd = "") {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> cargv, cenv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  for (const auto& e : env_strings) cenv.push_back(const_cast<char*>(e.c_str()));
  cenv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) _exit(121);
    ::setpgid(0, 0);
    ::execvpe(cargv[0], cargv.data(), cenv.data());
    _exit(122);
  }
  ::close(out[1]);
  ::close(err[1]);
  return collect_output(pid, out[0], err[0], -pid);
}

/// Polls PREDICATE until it holds or the hang timeout passes.
template <class Predicate>
bool eventually(Predicate predicate) {
  const auto deadline = std::chrono::steady_clock::now() + kHangTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return predicate();
}

inline bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::string& path, const std::string& text, mode_t mode = 0644) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
}

/// Host pids whose command line contains TOKEN as one argument.
inline std::vector<pid_t> pids_with_argument(const std::string& token) {
  std::vector<pid_t> pids;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string cmdline = read_file(entry.path().string() + "/cmdline");
    std::size_t start = 0;
    while (start < cmdline.size()) {
      const std::size_t end = cmdline.find('\0', start);
      if (cmdline.substr(start, end - start) == token) {
        pids.push_back(static_cast<pid_t>(std::stol(name)));
        break;
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return pids;
}

}  // namespace sandmux::testing

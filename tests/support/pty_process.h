#pragma once
// A command on a pseudo-terminal the test owns (openpty): what a human's terminal is to
// sandmux. The test reads what arrives at the terminal (the master), types at it, resizes
// it, and after the command has exited can keep watching the terminal for anything that
// still reaches it. CI has no terminal of its own, so every terminal test starts here.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace sandmux::testing {

class PtyProcess {
 public:
  /// Starts ARGV with ENV in CWD as a session leader whose controlling terminal, and
  /// stdin, stdout and stderr, are the slave of a new 80x24 pty.
  PtyProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
             const std::string& cwd) {
    winsize size{24, 80, 0, 0};
    int slave = -1;
    if (::openpty(&m_master, &slave, nullptr, nullptr, &size) != 0) {
      throw std::runtime_error("openpty");
    }
    ::fcntl(m_master, F_SETFD, FD_CLOEXEC);
    std::vector<std::string> env_strings;
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> cargv, cenv;
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    for (const auto& e : env_strings) cenv.push_back(const_cast<char*>(e.c_str()));
    cenv.push_back(nullptr);
    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error("fork");
    if (m_pid == 0) {
      ::setsid();
      ::ioctl(slave, TIOCSCTTY, 0);
      for (int fd = 0; fd < 3; ++fd) ::dup2(slave, fd);
      if (slave > 2) ::close(slave);
      if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) _exit(121);
      ::execvpe(cargv[0], cargv.data(), cenv.data());
      _exit(122);
    }
    ::close(slave);
  }
  ~PtyProcess() {
    if (m_pid > 0 && !m_exited) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, nullptr, 0);
    }
    ::close(m_master);
  }
  PtyProcess(const PtyProcess&) = delete;
  PtyProcess& operator=(const PtyProcess&) = delete;

  /// Reads what has arrived at the terminal, waiting up to TIMEOUT_MS for the first byte.
  void drain(int timeout_ms = 0) {
    char buffer[65536];
    pollfd p{m_master, POLLIN, 0};
    while (::poll(&p, 1, timeout_ms) > 0 && (p.revents & POLLIN)) {
      const ssize_t n = ::read(m_master, buffer, sizeof buffer);
      if (n <= 0) break;
      m_output.append(buffer, static_cast<std::size_t>(n));
      timeout_ms = 0;
    }
  }
  /// Reads what arrives at the terminal for DURATION.
  void watch(std::chrono::milliseconds duration) {
    const auto deadline = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < deadline) drain(20);
  }
  /// The wait status once the command has exited (reading the terminal meanwhile), or
  /// -1 after TIMEOUT.
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!m_exited) {
      drain(20);
      int status = 0;
      if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_exited = true;
        m_status = status;
      } else if (std::chrono::steady_clock::now() > deadline) {
        return -1;
      }
    }
    drain(50);
    return m_status;
  }
  /// Waits until the terminal has shown TEXT (true), or TIMEOUT passes.
  bool wait_for(const std::string& text,
                std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (m_output.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      drain(20);
    }
    return true;
  }
  /// Types TEXT at the terminal.
  void type(const std::string& text) {
    if (::write(m_master, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
      throw std::runtime_error("pty write");
    }
  }
  void resize(unsigned short cols, unsigned short rows) {
    winsize size{rows, cols, 0, 0};
    ::ioctl(m_master, TIOCSWINSZ, &size);
  }
  pid_t pid() const { return m_pid; }
  const std::string& output() const { return m_output; }
  void clear_output() { m_output.clear(); }

 private:
  int m_master = -1;
  pid_t m_pid = -1;
  bool m_exited = false;
  int m_status = -1;
  std::string m_output;
};

}  // namespace sandmux::testing

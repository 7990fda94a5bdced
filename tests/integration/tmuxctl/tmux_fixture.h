#pragma once
// A private tmux server per test (tmux -L sandmux-test-<pid>-<n> -f /dev/null), killed in
// teardown, and helpers to drive Connections on an io_context in the test thread.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tmuxctl/connection.h"
#include "tmuxctl/process_launcher.h"

namespace sandmux::tmuxctl::testing {

using namespace std::chrono_literals;

/// Generous upper bound for anything to happen; only there to turn hangs into failures.
inline constexpr auto kPatience = 60s;

struct ProcessResult {
  int status = -1;
  std::string out;
};

/// Runs ARGV to completion with stdin at EOF and returns its exit status and stdout.
inline ProcessResult run_process(const std::vector<std::string>& argv) {
  SpawnLauncher launcher;
  const LaunchedProcess p = launcher.launch(argv);
  ::close(p.stdin_fd);
  ProcessResult result;
  char buffer[4096];
  for (ssize_t n; (n = ::read(p.stdout_fd, buffer, sizeof buffer)) > 0;) result.out.append(buffer, static_cast<std::size_t>(n));
  ::close(p.stdout_fd);
  ::close(p.stderr_fd);
  int status = 0;
  ::waitpid(p.pid, &status, 0);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class TmuxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("TMUX");
    ::setenv("SHELL", "/bin/sh", 1);  // tmux runs window commands with it (nobody's is nologin)
    static int counter = 0;
    m_socket = "sandmux-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
    start_server();
  }

  void TearDown() override {
    m_connections.clear();
    run_process(tmux({"kill-server"}));
    ::unlink(socket_path().c_str());  // left behind when a test SIGKILLs the server
    m_io.restart();
    m_io.run_for(50ms);
  }

  /// Starts the server with session "main" running a quiet command.
  void start_server() {
    const auto r = run_process(tmux({"new-session", "-d", "-s", "main", "-x", "80", "-y", "24",
                                     "sleep 100000"}));
    ASSERT_EQ(r.status, 0) << "tmux new-session failed";
  }

  /// Where tmux -L puts the socket: ${TMUX_TMPDIR:-/tmp}/tmux-UID/NAME.
  std::string socket_path() const {
    const char* dir = std::getenv("TMUX_TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/tmux-" + std::to_string(::getuid()) + "/" + m_socket;
  }

  std::vector<std::string> tmux(std::vector<std::string> args) const {
    std::vector<std::string> argv{"tmux", "-L", m_socket, "-f", "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  ConnectionOptions options(std::string client_flags = {}) const {
    ConnectionOptions o;
    o.tmux_command = {"tmux", "-L", m_socket, "-f", "/dev/null"};
    o.startup = {"attach-session", "-t", "main"};
    o.client_flags = std::move(client_flags);
    o.shutdown_timeout = 5s;
    return o;
  }

  std::shared_ptr<Connection> connect(ConnectionCallbacks callbacks, std::string client_flags = {}) {
    auto c = Connection::create(m_io, m_launcher, options(std::move(client_flags)), std::move(callbacks));
    c->connect();
    m_connections.push_back(c);
    return c;
  }

  /// Runs the io_context until PRED holds (true) or kPatience passes (false).
  bool run_until(const std::function<bool()>& pred) {
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (!pred()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      if (m_io.stopped()) m_io.restart();  // run_for() stops the context when it runs dry
      m_io.run_for(5ms);
    }
    return true;
  }

  /// Sends LINE and runs until its reply arrives.
  Reply call(Connection& c, std::string_view line) {
    auto parsed = CommandLine::parse(line);
    EXPECT_TRUE(parsed) << parsed.error;
    return call(c, *parsed.value);
  }
  Reply call(Connection& c, const CommandLine& line) {
    std::optional<Reply> reply;
    c.send(line, [&](Reply&& r) { reply = std::move(r); });
    EXPECT_TRUE(run_until([&] { return reply.has_value(); })) << "no reply to " << line.text();
    return reply ? std::move(*reply) : Reply{};
  }

  boost::asio::io_context m_io;
  SpawnLauncher m_launcher;
  std::string m_socket;
  std::vector<std::shared_ptr<Connection>> m_connections;
};

}  // namespace sandmux::tmuxctl::testing

// Connection against a real tmux: death in all its forms, exactly-once reporting, reconnect.
#include <signal.h>

#include <string>
#include <vector>

#include "tests/integration/tmuxctl/tmux_fixture.h"

namespace sandmux::tmuxctl::testing {
namespace {

/// Starts whatever argv it is given under `sh -c "$CMD"` instead, recording the argv: a
/// stand-in for a jail launcher, and a way to fake a client that never exits.
class ReplacingLauncher : public SpawnLauncher {
 public:
  explicit ReplacingLauncher(std::string command) : m_command(std::move(command)) {}
  LaunchedProcess launch(const std::vector<std::string>& argv) override {
    seen = argv;
    return SpawnLauncher::launch({"sh", "-c", m_command});
  }
  std::vector<std::string> seen;

 private:
  std::string m_command;
};

class ConnectionLifecycle : public TmuxTest {
 protected:
  ConnectionCallbacks counting() {
    return {.on_death = [this](const Death& d) { m_deaths.push_back(d); }};
  }
  void send_collect(Connection& c, std::string_view line) {
    c.send(*CommandLine::parse(line).value, [this](Reply&& r) { m_replies.push_back(std::move(r)); });
  }

  /// Keeps LAUNCHER alive as long as the io_context runs (the reaper uses it after the test body).
  ReplacingLauncher& own(std::unique_ptr<ReplacingLauncher> launcher) {
    m_owned.push_back(std::move(launcher));
    return *m_owned.back();
  }

  std::vector<Death> m_deaths;
  std::vector<Reply> m_replies;
  std::vector<std::unique_ptr<ReplacingLauncher>> m_owned;
};

TEST_F(ConnectionLifecycle, ServerSigkillFailsPendingCommandsAndReportsDeathOnce) {
  auto c = connect(counting(), "no-output");
  const Reply pid = call(*c, "display -p '#{pid}'");
  ASSERT_TRUE(pid.ok());
  send_collect(*c, "wait-for never-" + m_socket);  // %end comes at once, but blocks what follows
  send_collect(*c, "display -p a");
  send_collect(*c, "display -p b");
  ASSERT_TRUE(run_until([&] { return m_replies.size() == 1; }));
  ASSERT_EQ(::kill(std::stoi(pid.lines.at(0)), SIGKILL), 0);
  ASSERT_TRUE(run_until([&] { return !m_deaths.empty(); }));
  m_io.restart();
  m_io.run_for(200ms);
  ASSERT_EQ(m_deaths.size(), 1u);
  EXPECT_TRUE(m_deaths[0].saw_exit);
  EXPECT_EQ(m_deaths[0].exit_reason, "server exited unexpectedly");
  EXPECT_EQ(m_deaths[0].reason, "tmux client exited (%exit server exited unexpectedly)");
  ASSERT_EQ(m_replies.size(), 3u);
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(m_replies[i].status, Reply::Status::ConnectionLost);
    EXPECT_EQ(m_replies[i].error, "tmux connection lost: tmux client exited (%exit server exited unexpectedly)");
  }
  EXPECT_FALSE(c->alive());
  send_collect(*c, "display -p late");
  ASSERT_TRUE(run_until([&] { return m_replies.size() == 4; }));
  EXPECT_EQ(m_replies[3].status, Reply::Status::NotSent);
}

TEST_F(ConnectionLifecycle, CloseDetachesAndReconnectWorks) {
  auto c = connect(counting(), "no-output");
  EXPECT_TRUE(call(*c, "display -p one").ok());
  c->close();
  c->close();
  ASSERT_TRUE(run_until([&] { return !m_deaths.empty(); }));
  EXPECT_EQ(m_deaths[0].reason, "closed");
  EXPECT_EQ(run_process(tmux({"has-session", "-t", "main"})).status, 0);  // server untouched
  c->connect();
  EXPECT_EQ(call(*c, "display -p two").lines, std::vector<std::string>{"two"});
  m_io.restart();
  m_io.run_for(100ms);
  EXPECT_EQ(m_deaths.size(), 1u);
}

TEST_F(ConnectionLifecycle, KillServerReportsDeathAndReconnectAfterRestart) {
  auto c = connect(counting(), "no-output");
  EXPECT_TRUE(call(*c, "display -p up").ok());
  c->kill_server(10s);
  ASSERT_TRUE(run_until([&] { return !m_deaths.empty(); }));
  EXPECT_EQ(m_deaths[0].reason, "server killed (kill-server)");
  EXPECT_NE(run_process(tmux({"has-session"})).status, 0);
  start_server();
  c->connect();
  EXPECT_EQ(call(*c, "display -p again").lines, std::vector<std::string>{"again"});
  EXPECT_EQ(m_deaths.size(), 1u);
}

TEST_F(ConnectionLifecycle, HungKillServerTimesOutKillsThePidAndFailsPending) {
  ReplacingLauncher& launcher = own(std::make_unique<ReplacingLauncher>(
      "printf '%%begin 1 1 0\\n%%end 1 1 0\\n'; exec sleep 100000"));
  auto c = Connection::create(m_io, launcher, options("no-output,ignore-size"), counting());
  c->connect();
  ASSERT_EQ(launcher.seen.back(), "no-output,ignore-size");  // the launcher got the whole argv
  send_collect(*c, "display -p never");
  c->kill_server(300ms);
  ASSERT_TRUE(run_until([&] { return !m_deaths.empty(); }));
  EXPECT_EQ(m_deaths[0].reason, "kill-server did not finish within 300 ms; client killed");
  ASSERT_EQ(m_replies.size(), 1u);
  EXPECT_EQ(m_replies[0].status, Reply::Status::ConnectionLost);
  m_io.restart();
  m_io.run_for(100ms);
  EXPECT_EQ(m_deaths.size(), 1u);
  int status = 0;
  EXPECT_EQ(::waitpid(c->pid(), &status, WNOHANG), -1);  // already reaped by the connection
}

TEST_F(ConnectionLifecycle, EofWithoutExitIsDeathWithStderr) {
  ReplacingLauncher& launcher = own(std::make_unique<ReplacingLauncher>("echo 'tmux: cannot connect' >&2; exit 1"));
  auto c = Connection::create(m_io, launcher, options(), counting());
  c->connect();
  send_collect(*c, "display -p x");
  ASSERT_TRUE(run_until([&] { return !m_deaths.empty(); }));
  EXPECT_EQ(m_deaths[0].reason, "tmux client closed its output without %exit");
  EXPECT_FALSE(m_deaths[0].saw_exit);
  ASSERT_EQ(m_replies.size(), 1u);
  EXPECT_EQ(m_replies[0].status, Reply::Status::ConnectionLost);
  EXPECT_EQ(m_deaths[0].stderr_tail, "tmux: cannot connect\n");
}

TEST_F(ConnectionLifecycle, StartupFailureIsReportedClearly) {
  ConnectionOptions o = options();
  o.startup = {"attach-session", "-t", "no-such-session"};
  auto c = Connection::create(m_io, m_launcher, o, counting());
  c->connect();
  ASSERT_TRUE(run_until([&] { return !m_deaths.empty(); }));
  EXPECT_EQ(m_deaths[0].reason, "tmux client exited: can't find session: no-such-session");
  EXPECT_TRUE(m_deaths[0].saw_exit);
}

TEST_F(ConnectionLifecycle, WindowKilledWhileCommandsAreInFlight) {
  auto a = connect(counting(), "no-output");
  auto b = connect(counting(), "no-output,ignore-size");
  const Reply window = call(*a, "new-window -d -P -F '#{window_id}' 'sleep 100000'");
  ASSERT_TRUE(window.ok());
  const std::string id = window.lines.at(0);
  constexpr std::size_t kCount = 200;
  for (std::size_t i = 0; i < kCount; ++i) send_collect(*a, "display -p -t " + id + " '#{window_id}'");
  const Reply killed = call(*b, "kill-window -t " + id);
  EXPECT_TRUE(killed.ok()) << killed.error;
  ASSERT_TRUE(run_until([&] { return m_replies.size() == kCount; }));
  for (const Reply& r : m_replies) {
    if (r.ok()) {
      // Before the kill the id; while the window is going away tmux may print an empty format.
      ASSERT_EQ(r.lines.size(), 1u);
      EXPECT_TRUE(r.lines[0] == id || r.lines[0].empty()) << r.lines[0];
    } else {
      EXPECT_EQ(r.error, "can't find window: " + id);
    }
  }
  EXPECT_EQ(call(*a, "display -p still-paired").lines, std::vector<std::string>{"still-paired"});
  EXPECT_TRUE(m_deaths.empty());
}

}  // namespace
}  // namespace sandmux::tmuxctl::testing

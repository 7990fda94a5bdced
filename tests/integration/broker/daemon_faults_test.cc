// Faults: a broker killed with SIGKILL and restarted, a jail's tmux server killed, a
// session flooding output. Sessions outlive the broker; one jail's death is its own.
#include "tests/integration/broker/daemon_fixture.h"

namespace sandmux::testing {
namespace {

class BrokerFaults : public DaemonFixture {
 protected:
  void SetUp() override {
    DaemonFixture::SetUp();
    start_broker();
    m_client = client();
  }
  boost::json::object session_in_ls(RawClient& c, const std::string& name) {
    const boost::json::value listed = c.call("ls");
    for (const boost::json::value& s : listed.as_object().at("result").as_object().at("sessions").as_array()) {
      if (s.as_object().at("name").as_string() == name) return s.as_object();
    }
    return {};
  }
  boost::json::value wait_match(RawClient& c, const std::string& name, const std::string& regex) {
    return c.call("wait", "{\"name\":" + json_string(name) + ",\"match\":" + json_string(regex) +
                              ",\"timeout_seconds\":60}");
  }
  /// SIGKILL to the broker; returns once it is gone.
  void kill_broker() {
    const long pid = broker_pid();
    ASSERT_GT(pid, 0);
    ::kill(static_cast<pid_t>(pid), SIGKILL);
    ASSERT_TRUE(eventually([pid] { return ::kill(static_cast<pid_t>(pid), 0) != 0; }));
    m_client.reset();
  }
  std::unique_ptr<RawClient> m_client;
};

TEST_F(BrokerFaults, KilledBrokerRestartsAndReadoptsEverySessionWithItsIdentity) {
  const boost::json::value a = new_session(*m_client, "alpha", "[\"sh\",\"-c\",\"echo alpha-out; exec sleep 600\"]");
  const boost::json::value b = new_session(*m_client, "beta", "[\"sh\",\"-c\",\"exit 7\"]");
  ASSERT_EQ(error_code_of(a), "");
  ASSERT_EQ(error_code_of(b), "");
  ASSERT_EQ(error_code_of(wait_match(*m_client, "alpha", "alpha-out")), "");
  ASSERT_EQ(error_code_of(m_client->call("wait", "{\"name\":\"beta\",\"exit\":true,\"timeout_seconds\":60}")), "");
  ASSERT_NO_FATAL_FAILURE(kill_broker());

  start_broker();
  auto c = client();
  boost::json::object alpha, beta;
  ASSERT_TRUE(eventually([&] {
    alpha = session_in_ls(*c, "alpha");
    beta = session_in_ls(*c, "beta");
    return !alpha.empty() && !beta.empty();
  }));
  const boost::json::object& before_a = a.as_object().at("result").as_object();
  for (const char* key : {"id", "profile", "project", "socket", "window", "pane", "created", "command"}) {
    EXPECT_EQ(alpha.at(key), before_a.at(key)) << key;
  }
  EXPECT_EQ(alpha.at("state").as_string(), "running");
  EXPECT_EQ(beta.at("state").as_string(), "exited");
  EXPECT_EQ(beta.at("exit_status").as_int64(), 7);
  const boost::json::value logs = c->call("logs", "{\"name\":\"alpha\"}");
  EXPECT_NE(result_bytes(logs, "data").find("alpha-out"), std::string::npos)
      << "the ring is refilled from the pane's history";
  EXPECT_EQ(error_code_of(c->call("send", "{\"name\":\"alpha\",\"text\":\"still-there\"}")), "");
}

// A jail whose sessions were all killed is re-adopted with no window to read its
// profile from; the next session in it must still carry the profile.
TEST_F(BrokerFaults, JailReadoptedWithoutSessionsGivesTheNextSessionItsProfile) {
  ASSERT_EQ(error_code_of(new_session(*m_client, "first", "[\"sleep\",\"600\"]")), "");
  ASSERT_EQ(error_code_of(m_client->call("kill", "{\"name\":\"first\"}")), "");
  ASSERT_NO_FATAL_FAILURE(kill_broker());

  start_broker();
  auto c = client();
  const boost::json::value second = new_session(*c, "second", "[\"sleep\",\"600\"]");
  ASSERT_EQ(error_code_of(second), "");
  EXPECT_EQ(second.as_object().at("result").as_object().at("profile").as_string(), "default");
  EXPECT_EQ(session_in_ls(*c, "second").at("profile").as_string(), "default");
}

TEST_F(BrokerFaults, KilledJailServerMarksOnlyItsSessionsLost) {
  const std::string other_project = m_tmp / "other";
  std::filesystem::create_directories(other_project);
  ASSERT_EQ(error_code_of(new_session(*m_client, "victim", "[\"sleep\",\"600\"]")), "");
  ASSERT_EQ(error_code_of(new_session(*m_client, "bystander", "[\"cat\"]", other_project)), "");
  auto watcher = client();
  ASSERT_EQ(error_code_of(watcher->call("subscribe", "{\"name\":\"victim\"}")), "");

  const sandbox::JailPaths jail = sandbox::make_jail_paths(base(), "default", m_project);
  const pid_t server = static_cast<pid_t>(std::stol(read_file(jail.state_dir + "/server.pid")));
  ASSERT_EQ(::kill(server, SIGKILL), 0);

  boost::json::value event;
  do {
    event = watcher->next_event();
    ASSERT_TRUE(event.is_object()) << "no lost event";
  } while (event.as_object().at("event").as_string() != "state");
  EXPECT_EQ(event.as_object().at("state").as_string(), "lost");
  EXPECT_NE(std::string(event.as_object().at("reason").as_string()).find("tmux server"), std::string::npos);
  EXPECT_EQ(session_in_ls(*m_client, "victim").at("state").as_string(), "lost");
  EXPECT_EQ(error_code_of(m_client->call("send", "{\"name\":\"victim\",\"text\":\"x\"}")), "session-ended");

  EXPECT_EQ(session_in_ls(*m_client, "bystander").at("state").as_string(), "running");
  EXPECT_EQ(error_code_of(m_client->call("send", "{\"name\":\"bystander\",\"text\":\"alive\"}")), "");
  EXPECT_EQ(error_code_of(wait_match(*m_client, "bystander", "alive\\r?\\n[\\s\\S]*alive")), "");
}

TEST_F(BrokerFaults, LostJailStartsAfreshOnTheNextNew) {
  ASSERT_EQ(error_code_of(new_session(*m_client, "first", "[\"sleep\",\"600\"]")), "");
  const sandbox::JailPaths jail = sandbox::make_jail_paths(base(), "default", m_project);
  const pid_t server = static_cast<pid_t>(std::stol(read_file(jail.state_dir + "/server.pid")));
  ASSERT_EQ(::kill(server, SIGKILL), 0);
  ASSERT_TRUE(eventually([&] { return session_in_ls(*m_client, "first").at("state").as_string() == "lost"; }));
  const boost::json::value second = new_session(*m_client, "second", "[\"cat\"]");
  ASSERT_EQ(error_code_of(second), "") << boost::json::serialize(second);
  EXPECT_EQ(error_code_of(m_client->call("send", "{\"name\":\"second\",\"text\":\"fresh\"}")), "");
  EXPECT_EQ(error_code_of(wait_match(*m_client, "second", "fresh\\r?\\n[\\s\\S]*fresh")), "");
  EXPECT_EQ(session_in_ls(*m_client, "first").at("state").as_string(), "lost");
}

TEST_F(BrokerFaults, JailThatDiedWhileTheBrokerWasDownHasItsSessionsLost) {
  ASSERT_EQ(error_code_of(new_session(*m_client, "orphan", "[\"sleep\",\"600\"]")), "");
  ASSERT_NO_FATAL_FAILURE(kill_broker());
  const sandbox::JailPaths jail = sandbox::make_jail_paths(base(), "default", m_project);
  sandbox::stop_jail_server(jail);
  ASSERT_TRUE(eventually([&] { return !sandbox::jail_server_running(jail); }));

  start_broker();
  auto c = client();
  EXPECT_EQ(session_in_ls(*c, "orphan").at("state").as_string(), "lost");
  EXPECT_EQ(error_code_of(c->call("kill", "{\"name\":\"orphan\"}")), "");
  c.reset();
  ASSERT_EQ(sandmux({"broker", "stop"}).status, 0);
  start_broker();
  EXPECT_TRUE(session_in_ls(*client(), "orphan").empty()) << "a killed session stays gone";
}

TEST_F(BrokerFaults, EndedGroupedSessionLeavesTheSessionRunning) {
  ASSERT_EQ(error_code_of(new_session(*m_client, "watched", "[\"sleep\",\"600\"]")), "");
  const std::string script =
      "tmux new-session -d -t sandmux -s grp && tmux kill-session -t grp && echo group-done";
  ASSERT_EQ(error_code_of(new_session(*m_client, "grouper", "[\"sh\",\"-c\"," + json_string(script + "; exec sleep 600") + "]")), "");
  ASSERT_EQ(error_code_of(wait_match(*m_client, "grouper", "group-done")), "");
  // capture goes through the same tmux connection, after the broker's check of the window
  EXPECT_EQ(error_code_of(m_client->call("capture", "{\"name\":\"watched\"}")), "");
  EXPECT_NE(session_in_ls(*m_client, "watched").at("state").as_string(), "lost");
}

TEST_F(BrokerFaults, WindowKilledInsideTheJailIsLost) {
  const boost::json::value victim = new_session(*m_client, "victim", "[\"sleep\",\"600\"]");
  ASSERT_EQ(error_code_of(victim), "");
  const std::string script = "tmux kill-window -t " + result_string(victim, "window") + " && echo killed";
  ASSERT_EQ(error_code_of(new_session(*m_client, "killer", "[\"sh\",\"-c\"," + json_string(script + "; exec sleep 600") + "]")), "");
  ASSERT_EQ(error_code_of(wait_match(*m_client, "killer", "killed")), "");
  ASSERT_TRUE(eventually([&] { return session_in_ls(*m_client, "victim").at("state").as_string() == "lost"; }));
  EXPECT_NE(session_in_ls(*m_client, "killer").at("state").as_string(), "lost");
}

TEST_F(BrokerFaults, FloodingSessionDoesNotStallAnother) {
  ASSERT_EQ(error_code_of(new_session(*m_client, "flood", "[\"yes\",\"flooding\"]")), "");
  ASSERT_EQ(error_code_of(new_session(*m_client, "calm", "[\"cat\"]")), "");
  ASSERT_EQ(error_code_of(wait_match(*m_client, "flood", "flooding")), "");
  for (int i = 0; i < 5; ++i) {
    const std::string word = "ping" + std::to_string(i);
    EXPECT_EQ(error_code_of(m_client->call("send", "{\"name\":\"calm\",\"text\":\"" + word + "\"}")), "");
    EXPECT_EQ(error_code_of(wait_match(*m_client, "calm", word + "\\r?\\n[\\s\\S]*" + word)), "") << word;
  }
  const boost::json::value logs = m_client->call("logs", "{\"name\":\"flood\"}");
  EXPECT_LE(result_bytes(logs, "data").size(), std::size_t{2} << 20) << "the ring stays bounded";
  EXPECT_EQ(error_code_of(m_client->call("kill", "{\"name\":\"flood\"}")), "");
}

}  // namespace
}  // namespace sandmux::testing

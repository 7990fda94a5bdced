// Sessions through the raw API: new, ls, send, keys, capture, logs, wait, kill, socket.
#include "tests/integration/broker/daemon_fixture.h"

namespace sandmux::testing {
namespace {

class BrokerSessions : public DaemonFixture {
 protected:
  void SetUp() override {
    DaemonFixture::SetUp();
    start_broker();
    m_client = client();
  }
  /// Creates NAME running COMMAND and asserts it worked.
  void make(const std::string& name, const std::string& command) {
    const boost::json::value made = new_session(*m_client, name, command);
    ASSERT_EQ(error_code_of(made), "") << boost::json::serialize(made);
  }
  /// Waits until NAME's output or screen matches REGEX.
  boost::json::value wait_match(const std::string& name, const std::string& regex) {
    return m_client->call("wait", "{\"name\":" + json_string(name) + ",\"match\":" +
                                      json_string(regex) + ",\"timeout_seconds\":60}");
  }
  std::string capture(const std::string& name) {
    return result_bytes(m_client->call("capture", "{\"name\":" + json_string(name) + "}"), "data");
  }
  std::unique_ptr<RawClient> m_client;
};

TEST_F(BrokerSessions, NewReturnsTheSessionObjectAndLsListsIt) {
  const boost::json::value made = new_session(*m_client, "first", "[\"sleep\",\"600\"]");
  ASSERT_EQ(error_code_of(made), "") << boost::json::serialize(made);
  const boost::json::object& s = made.as_object().at("result").as_object();
  EXPECT_EQ(s.at("name").as_string(), "first");
  EXPECT_EQ(s.at("profile").as_string(), "default");
  EXPECT_EQ(s.at("project").as_string(), m_project);
  EXPECT_EQ(s.at("state").as_string(), "running");
  EXPECT_EQ(s.at("window").as_string().front(), '@');
  EXPECT_EQ(s.at("pane").as_string().front(), '%');
  EXPECT_EQ(s.at("size").as_object().at("cols").as_int64(), 200);
  EXPECT_EQ(std::string(s.at("socket").as_string()).rfind(base() + "/default-proj-", 0), 0u);
  const boost::json::value listed = m_client->call("ls");
  const boost::json::array& sessions = listed.as_object().at("result").as_object().at("sessions").as_array();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].as_object().at("id"), s.at("id"));
}

TEST_F(BrokerSessions, TakenNameIsRefused) {
  make("twice", "[\"sleep\",\"600\"]");
  EXPECT_EQ(error_code_of(new_session(*m_client, "twice", "[\"sleep\",\"600\"]")), "name-taken");
}

TEST_F(BrokerSessions, HostileNameIsRefusedBeforeTmuxSeesIt) {
  for (const std::string name : {"a;kill-server", "#{pane_pid}", "-t", "a b", "x'y"}) {
    EXPECT_EQ(error_code_of(new_session(*m_client, name, "[\"sleep\",\"600\"]")), "invalid-name") << name;
  }
  EXPECT_EQ(m_client->call("ls").as_object().at("result").as_object().at("sessions").as_array().size(), 0u);
}

TEST_F(BrokerSessions, UnnamedSessionIsNamedAfterItsCommand) {
  const boost::json::value made = m_client->call(
      "new", "{\"project\":" + json_string(m_project) + ",\"command\":[\"sleep\",\"600\"]}");
  EXPECT_EQ(result_string(made, "name"), "sleep-1");
}

TEST_F(BrokerSessions, KillRemovesTheSession) {
  make("doomed", "[\"sleep\",\"600\"]");
  EXPECT_EQ(error_code_of(m_client->call("kill", "{\"name\":\"doomed\"}")), "");
  EXPECT_EQ(m_client->call("ls").as_object().at("result").as_object().at("sessions").as_array().size(), 0u);
  EXPECT_EQ(error_code_of(m_client->call("kill", "{\"name\":\"doomed\"}")), "no-such-session");
}

TEST_F(BrokerSessions, SentTextIsTypedLiterallyAndCaptured) {
  make("echo", "[\"cat\"]");
  const std::string text = "semi;colon 'quote' #{pane_pid} $HOME";
  EXPECT_EQ(error_code_of(m_client->call("send", "{\"name\":\"echo\",\"text\":" + json_string(text) + "}")), "");
  EXPECT_EQ(error_code_of(wait_match("echo", "pane_pid\\} \\$HOME\\r?\\n[\\s\\S]*pane_pid")), "");
  EXPECT_NE(capture("echo").find(text), std::string::npos) << capture("echo");
}

TEST_F(BrokerSessions, KeysAreTmuxKeyNamesAndOthersAreRefused) {
  make("keys", "[\"cat\"]");
  EXPECT_EQ(error_code_of(m_client->call("keys", "{\"name\":\"keys\",\"keys\":[\"a\",\"b\",\"Enter\"]}")), "");
  EXPECT_EQ(error_code_of(wait_match("keys", "ab\\r?\\n")), "");
  EXPECT_EQ(error_code_of(m_client->call("keys", "{\"name\":\"keys\",\"keys\":[\"C-c;kill-server\"]}")),
            "bad-request");
}

TEST_F(BrokerSessions, WaitExitReportsTheExitStatus) {
  make("fails", "[\"sh\",\"-c\",\"exit 3\"]");
  const boost::json::value done = m_client->call("wait", "{\"name\":\"fails\",\"exit\":true,\"timeout_seconds\":60}");
  ASSERT_EQ(error_code_of(done), "") << boost::json::serialize(done);
  EXPECT_EQ(result_string(done, "state"), "exited");
  EXPECT_EQ(done.as_object().at("result").as_object().at("exit_status").as_int64(), 3);
  const boost::json::value listed = m_client->call("ls");
  EXPECT_EQ(listed.as_object().at("result").as_object().at("sessions").as_array()[0]
                .as_object().at("exit_status").as_int64(), 3);
}

TEST_F(BrokerSessions, WaitTimesOut) {
  make("sleeper", "[\"sleep\",\"600\"]");
  EXPECT_EQ(error_code_of(m_client->call("wait", "{\"name\":\"sleeper\",\"exit\":true,\"timeout_seconds\":0.2}")),
            "timeout");
}

TEST_F(BrokerSessions, LogsReturnTheOutputAndSinceIsExact) {
  make("printer", "[\"sh\",\"-c\",\"printf 'one\\\\n'; read x; printf 'two\\\\n'; sleep 600\"]");
  ASSERT_EQ(error_code_of(wait_match("printer", "one")), "");
  const boost::json::value first = m_client->call("logs", "{\"name\":\"printer\"}");
  EXPECT_NE(result_bytes(first, "data").find("one"), std::string::npos);
  const std::int64_t next = first.as_object().at("result").as_object().at("next_cursor").to_number<std::int64_t>();
  m_client->call("send", "{\"name\":\"printer\",\"text\":\"\"}");
  ASSERT_EQ(error_code_of(wait_match("printer", "two")), "");
  const boost::json::value second =
      m_client->call("logs", "{\"name\":\"printer\",\"since\":" + std::to_string(next) + "}");
  const std::string after = result_bytes(second, "data");
  EXPECT_EQ(after.find("one"), std::string::npos) << after;
  EXPECT_NE(after.find("two"), std::string::npos) << after;
}

TEST_F(BrokerSessions, LogsFollowStreamsUntilTheSessionExits) {
  make("brief", "[\"sh\",\"-c\",\"read x; echo bye\"]");
  auto follower = client();
  follower->write("{\"id\":9,\"method\":\"logs\",\"params\":{\"name\":\"brief\",\"follow\":true}}\n");
  m_client->call("send", "{\"name\":\"brief\",\"text\":\"go\"}");
  const boost::json::value end = follower->response(9);
  EXPECT_EQ(result_string(end, "state"), "exited") << boost::json::serialize(end);
  std::string seen;
  for (const boost::json::value& e : follower->events()) seen += boost::json::serialize(e) + "\n";
  EXPECT_NE(follower->output_of("brief").find("bye"), std::string::npos)
      << seen << result_bytes(m_client->call("logs", "{\"name\":\"brief\"}"), "data");
}

TEST_F(BrokerSessions, SocketNamesTheJailSocket) {
  const boost::json::value made = new_session(*m_client, "sock", "[\"sleep\",\"600\"]");
  const std::string socket = result_string(made, "socket");
  EXPECT_EQ(result_string(m_client->call("socket", "{\"name\":\"sock\"}"), "socket"), socket);
  EXPECT_EQ(result_string(m_client->call("socket", "{\"project\":" + json_string(m_project) + "}"), "socket"),
            socket);
}

TEST_F(BrokerSessions, QuietSessionGoesIdleAndWaitIdleReturns) {
  make("quiet", "[\"sh\",\"-c\",\"echo once; exec sleep 600\"]");
  const boost::json::value idle =
      m_client->call("wait", "{\"name\":\"quiet\",\"idle_seconds\":0.5,\"timeout_seconds\":60}");
  EXPECT_EQ(error_code_of(idle), "") << boost::json::serialize(idle);
  auto watcher = client();
  ASSERT_EQ(error_code_of(watcher->call("subscribe", "{\"name\":\"quiet\",\"since\":0}")), "");
  const boost::json::value listed = m_client->call("ls");
  bool went_idle = listed.as_object().at("result").as_object().at("sessions").as_array()[0]
                       .as_object().at("state").as_string() == "idle";
  while (!went_idle) {
    const boost::json::value event = watcher->next_event();
    ASSERT_TRUE(event.is_object());
    went_idle = event.as_object().at("event").as_string() == "state" &&
                event.as_object().at("state").as_string() == "idle";
  }
  EXPECT_TRUE(went_idle);
}

TEST_F(BrokerSessions, MultiLineTextArrivesIntact) {
  make("lines", "[\"cat\"]");
  EXPECT_EQ(error_code_of(m_client->call("send", "{\"name\":\"lines\",\"text\":\"first\\nsecond\\nthird\"}")), "");
  EXPECT_EQ(error_code_of(wait_match("lines", "third\\r?\\n[\\s\\S]*third")), "");
  const std::string screen = capture("lines");
  EXPECT_NE(screen.find("first\nsecond\nthird\nfirst\nsecond\nthird"), std::string::npos) << screen;
}

TEST_F(BrokerSessions, WaitMatchSeesTheScreenAsWellAsNewOutput) {
  make("early", "[\"sh\",\"-c\",\"echo already-there; exec sleep 600\"]");
  ASSERT_EQ(error_code_of(wait_match("early", "already-there")), "");
  const boost::json::value again = wait_match("early", "already-there");
  EXPECT_EQ(error_code_of(again), "") << "printed before the wait began, still on the screen";
  EXPECT_EQ(result_string(again, "matched"), "already-there");
}

TEST_F(BrokerSessions, HundredSessionsAtOnce) {
  std::string batch;
  for (int i = 0; i < 100; ++i) {
    batch += "{\"id\":" + std::to_string(1000 + i) + ",\"method\":\"new\",\"params\":{\"project\":" +
             json_string(m_project) + ",\"name\":\"s" + std::to_string(i) +
             "\",\"command\":[\"sleep\",\"600\"]}}\n";
  }
  ASSERT_TRUE(m_client->write(batch));
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(error_code_of(m_client->response(1000 + i)), "") << i;
  }
  EXPECT_EQ(m_client->call("ls").as_object().at("result").as_object().at("sessions").as_array().size(), 100u);
}

}  // namespace
}  // namespace sandmux::testing

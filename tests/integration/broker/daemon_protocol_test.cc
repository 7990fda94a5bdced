// The API socket under good and bad clients, through raw lines of the wire protocol.
#include <sys/stat.h>
#include <sys/wait.h>

#include "tests/integration/broker/daemon_fixture.h"

namespace sandmux::testing {
namespace {

class BrokerProtocol : public DaemonFixture {
 protected:
  void SetUp() override {
    DaemonFixture::SetUp();
    start_broker();
  }
};

TEST_F(BrokerProtocol, HelloIsAnsweredWithTheProtocolVersion) {
  RawClient c(socket_path());
  ASSERT_TRUE(c.connected());
  c.write("{\"hello\":{\"protocol\":1,\"client\":\"t\"}}\n");
  const boost::json::value answer = c.read_json();
  ASSERT_TRUE(answer.is_object());
  EXPECT_EQ(answer.as_object().at("hello").as_object().at("protocol").as_int64(), 1);
}

TEST_F(BrokerProtocol, WrongVersionGetsAnErrorAndTheConnectionCloses) {
  RawClient c(socket_path());
  c.write("{\"hello\":{\"protocol\":99,\"client\":\"t\"}}\n");
  EXPECT_EQ(error_code_of(c.read_json()), "protocol-version");
  EXPECT_FALSE(c.read_line().has_value());
}

TEST_F(BrokerProtocol, RequestBeforeHelloIsRefused) {
  RawClient c(socket_path());
  c.write("{\"id\":1,\"method\":\"ls\",\"params\":{}}\n");
  EXPECT_EQ(error_code_of(c.read_json()), "bad-request");
  EXPECT_FALSE(c.read_line().has_value());
}

TEST_F(BrokerProtocol, BrokenJsonGetsAnErrorAndTheConnectionGoesOn) {
  auto c = client();
  c->write("{\"id\": 3, \"method\": \n");
  const boost::json::value error = c->read_json();
  EXPECT_EQ(error_code_of(error), "bad-request");
  EXPECT_TRUE(error.as_object().at("id").is_null());
  EXPECT_EQ(error_code_of(c->call("ls")), "");
}

TEST_F(BrokerProtocol, UnknownMethodIsNamedInTheError) {
  auto c = client();
  EXPECT_EQ(error_code_of(c->call("frobnicate")), "unknown-method");
  EXPECT_EQ(error_code_of(c->call("ls")), "");
}

TEST_F(BrokerProtocol, OversizedRequestGetsAnErrorThenTheConnectionCloses) {
  auto c = client();
  const std::string huge = "{\"id\":1,\"method\":\"send\",\"params\":{\"name\":\"x\",\"text\":\"" +
                           std::string((1u << 20) + 10, 'a') + "\"}}\n";
  c->write(huge);
  const boost::json::value error = c->read_json();
  EXPECT_EQ(error_code_of(error), "bad-request");
  EXPECT_FALSE(c->read_line().has_value());
  auto other = client();
  EXPECT_EQ(error_code_of(other->call("ls")), "");
}

TEST_F(BrokerProtocol, ClientThatNeverReadsIsDroppedWhileAnotherIsServed) {
  RawClient silent(socket_path());
  ASSERT_TRUE(silent.connected());
  silent.write("{\"hello\":{\"protocol\":1,\"client\":\"silent\"}}\n");
  const std::string request = "{\"id\":1,\"method\":\"broker.status\",\"params\":{}}\n";
  std::string batch;
  for (int i = 0; i < 1000; ++i) batch += request;
  bool dropped = false;
  auto other = client();
  for (int round = 0; round < 1000 && !dropped; ++round) {
    dropped = !silent.write(batch);
    if (round % 50 == 0) {
      EXPECT_EQ(error_code_of(other->call("ls")), "");
    }
  }
  EXPECT_TRUE(dropped) << "the broker kept queueing for a client that never reads";
  EXPECT_EQ(error_code_of(other->call("ls")), "");
}

TEST_F(BrokerProtocol, ForeignUidIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "acting as another uid needs root";
  for (const std::string& dir : {m_tmp.path(), m_runtime, base()}) ::chmod(dir.c_str(), 0711);
  ::chmod(socket_path().c_str(), 0666);
  const pid_t child = ::fork();
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) _exit(10);
    RawClient c(socket_path());
    if (!c.connected()) _exit(11);
    c.write("{\"hello\":{\"protocol\":1,\"client\":\"intruder\"}}\n");
    _exit(c.read_line().has_value() ? 12 : 0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  for (const std::string& dir : {m_tmp.path(), m_runtime, base()}) ::chmod(dir.c_str(), 0700);
  ::chmod(socket_path().c_str(), 0600);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10: setuid failed, 11: connect failed, 12: got a hello";
  const std::string log = read_file(m_tmp / "state/sandmux/broker.log");
  EXPECT_NE(log.find("refused: uid 65534"), std::string::npos) << log;
}

}  // namespace
}  // namespace sandmux::testing

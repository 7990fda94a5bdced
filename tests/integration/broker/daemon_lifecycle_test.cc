// `sandmux broker start|stop|status`: the daemon's life as a user sees it.
#include <sys/stat.h>

#include <chrono>

#include "tests/integration/broker/daemon_fixture.h"

namespace sandmux::testing {
namespace {

using BrokerLifecycle = DaemonFixture;

TEST_F(BrokerLifecycle, StartPrintsNothingAndTheSocketAnswers) {
  const ProcessResult started = sandmux({"broker", "start"});
  EXPECT_EQ(started.status, 0) << started.err;
  EXPECT_EQ(started.out, "");
  EXPECT_EQ(started.err, "");
  auto c = client();
  const boost::json::value status = c->call("broker.status");
  EXPECT_EQ(error_code_of(status), "");
  EXPECT_EQ(result_string(status, "socket"), socket_path());
}

TEST_F(BrokerLifecycle, StatusReportsPidSocketAndCounts) {
  const auto before_start = std::chrono::steady_clock::now();
  start_broker();
  const ProcessResult status = sandmux({"broker", "status"});
  const auto lived = std::chrono::steady_clock::now() - before_start;
  EXPECT_EQ(status.status, 0) << status.err;
  EXPECT_NE(status.out.find("pid "), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("socket " + socket_path()), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("jails 0\nsessions 0\n"), std::string::npos) << status.out;
  const std::size_t uptime = status.out.find("uptime ");
  ASSERT_NE(uptime, std::string::npos) << status.out;
  EXPECT_LE(std::stoll(status.out.substr(uptime + 7)),
            std::chrono::duration_cast<std::chrono::seconds>(lived).count())
      << "the uptime counts from the broker's start: " << status.out;
}

TEST_F(BrokerLifecycle, StatusExitsThreeWhenNotRunning) {
  const ProcessResult status = sandmux({"broker", "status"});
  EXPECT_EQ(status.status, 3);
  EXPECT_NE(status.out.find("not running"), std::string::npos) << status.out;
}

TEST_F(BrokerLifecycle, SecondStartKeepsTheRunningBroker) {
  start_broker();
  const long first = broker_pid();
  ASSERT_GT(first, 0);
  start_broker();
  EXPECT_EQ(broker_pid(), first);
}

TEST_F(BrokerLifecycle, StopEndsTheBrokerAndRemovesItsSocket) {
  start_broker();
  const long pid = broker_pid();
  const ProcessResult stopped = sandmux({"broker", "stop"});
  EXPECT_EQ(stopped.status, 0) << stopped.err;
  EXPECT_FALSE(exists(socket_path()));
  EXPECT_EQ(sandmux({"broker", "status"}).status, 3);
  EXPECT_TRUE(eventually([pid] { return ::kill(static_cast<pid_t>(pid), 0) != 0; }));
}

TEST_F(BrokerLifecycle, SocketIs0600InA0700Directory) {
  start_broker();
  struct stat dir {}, sock {};
  ASSERT_EQ(::stat(base().c_str(), &dir), 0);
  ASSERT_EQ(::lstat(socket_path().c_str(), &sock), 0);
  EXPECT_EQ(dir.st_mode & 07777, 0700u);
  EXPECT_TRUE(S_ISSOCK(sock.st_mode));
  EXPECT_EQ(sock.st_mode & 0777, 0600u);
}

TEST_F(BrokerLifecycle, LogsToTheStateDirectory) {
  start_broker();
  const std::string log = read_file(m_tmp / "state/sandmux/broker.log");
  EXPECT_NE(log.find("listening on " + socket_path()), std::string::npos) << log;
}

TEST_F(BrokerLifecycle, StaleSocketIsReplaced) {
  start_broker();
  const long pid = broker_pid();
  ::kill(static_cast<pid_t>(pid), SIGKILL);
  ASSERT_TRUE(eventually([pid] { return ::kill(static_cast<pid_t>(pid), 0) != 0; }));
  ASSERT_TRUE(exists(socket_path()));  // left behind by the killed broker
  start_broker();
  EXPECT_GT(broker_pid(), 0);
  EXPECT_NE(broker_pid(), pid);
}

TEST_F(BrokerLifecycle, ForegroundStartIsANoOpWhileOneRuns) {
  start_broker();
  const ProcessResult second = sandmux({"broker", "start", "--foreground"});
  EXPECT_EQ(second.status, 0) << "a running broker answers, so start is a no-op: " << second.err;
}

}  // namespace
}  // namespace sandmux::testing

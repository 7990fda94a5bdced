// The session verbs end to end, as a user types them: new -> ls; send -> wait --match ->
// capture; the exit status of a failing command through `wait --exit` and ls; kill;
// socket and its warning. Real broker (started on demand), real jails, real tmux.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "tests/integration/broker/e2e_fixture.h"

namespace sandmux::testing {
namespace {

using SessionE2e = SandmuxE2e;

TEST_F(SessionE2e, NewPrintsTheNameAndLsListsTheSession) {
  EXPECT_EQ(new_session({"-n", "fixer", "--", "sleep", "600"}), "fixer");
  const ProcessResult table = sandmux({"ls"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_EQ(table.out.rfind("NAME", 0), 0u) << table.out;
  EXPECT_NE(table.out.find("fixer"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("sleep 600"), std::string::npos) << table.out;

  const boost::json::value object = session("fixer");
  ASSERT_TRUE(object.is_object());
  EXPECT_EQ(object.at("profile").as_string(), "default");
  EXPECT_EQ(object.at("project").as_string(), m_project);
  EXPECT_EQ(object.at("command"), boost::json::value({"sleep", "600"}));
  EXPECT_TRUE(object.at("exit_status").is_null());
  EXPECT_EQ(object.at("window").as_string().front(), '@');
  EXPECT_EQ(object.at("size"), boost::json::parse(R"({"cols":200,"rows":50})"));
}

TEST_F(SessionE2e, NewWithJsonPrintsTheSessionObject) {
  const ProcessResult result =
      sandmux({"new", "--json", "-n", "j1", "--size", "100x30", "-e", "GREETING=hi", "--",
               "sh", "-c", "echo \"$GREETING there\"; sleep 600"});
  ASSERT_EQ(result.status, 0) << result.err;
  const boost::json::value object = boost::json::parse(result.out);
  EXPECT_EQ(object.at("name").as_string(), "j1");
  EXPECT_EQ(object.at("size"), boost::json::parse(R"({"cols":100,"rows":30})"));
  EXPECT_TRUE(screen_has("j1", "hi there"));
}

TEST_F(SessionE2e, CommandOptionsAreTakenVerbatim) {
  new_session({"-n", "verbatim", "sh", "-c", "printf '<%s>' \"$@\"; exec sleep 600", "sh", "-n",
               "-p", "--json", "--"});
  EXPECT_TRUE(screen_has("verbatim", "<-n><-p><--json><-->"));
}

TEST_F(SessionE2e, SendThenWaitMatchThenCapture) {
  new_session({"-n", "cat", "--", "cat"});
  ASSERT_EQ(sandmux({"send", "cat", "hello", "sandmux"}).status, 0);
  const ProcessResult waited = sandmux({"wait", "cat", "--match", "hello sandmux", "--timeout", "30"});
  EXPECT_EQ(waited.status, 0) << waited.err;
  const ProcessResult screen = sandmux({"capture", "cat"});
  ASSERT_EQ(screen.status, 0) << screen.err;
  EXPECT_NE(screen.out.find("hello sandmux"), std::string::npos) << screen.out;
}

TEST_F(SessionE2e, KeysSendsKeyNames) {
  new_session({"-n", "keys", "--", "cat"});
  ASSERT_EQ(sandmux({"send", "keys", "--no-enter", "abc"}).status, 0);
  ASSERT_EQ(sandmux({"keys", "keys", "Space", "x", "Enter"}).status, 0);
  EXPECT_TRUE(screen_has("keys", "abc x\nabc x\n"));  // the echo, then cat's copy
}

TEST_F(SessionE2e, WaitExitPassesTheExitStatusThrough) {
  new_session({"-n", "failing", "--", "sh", "-c", "exit 7"});
  const ProcessResult waited = sandmux({"wait", "failing", "--exit", "--timeout", "30"});
  EXPECT_EQ(waited.status, 7) << waited.err;
  const boost::json::value object = session("failing");
  ASSERT_TRUE(object.is_object());
  EXPECT_EQ(object.at("state").as_string(), "exited");
  EXPECT_EQ(object.at("exit_status").as_int64(), 7);
}

TEST_F(SessionE2e, WaitTimesOutWith124) {
  new_session({"-n", "sleeper", "--", "sleep", "600"});
  const ProcessResult waited = sandmux({"wait", "sleeper", "--exit", "--timeout", "0.2"});
  EXPECT_EQ(waited.status, 124) << waited.err;
}

TEST_F(SessionE2e, WaitIdleReturnsOnceQuiet) {
  new_session({"-n", "quiet", "--", "sh", "-c", "echo once; sleep 600"});
  const ProcessResult waited = sandmux({"wait", "quiet", "--idle", "0.5", "--timeout", "30"});
  EXPECT_EQ(waited.status, 0) << waited.err;
}

TEST_F(SessionE2e, AShortIdleSecondsSettingMakesAQuietSessionIdleSooner) {
  write_file(m_tmp / "config/sandmux/config.toml", "idle_seconds = 0.2\n");
  new_session({"-n", "quiet", "--", "sh", "-c", "echo once; exec sleep 600"});
  ASSERT_EQ(sandmux({"wait", "quiet", "--idle", "1", "--timeout", "30"}).status, 0);
  EXPECT_EQ(session("quiet").at("state"), "idle") << "quiet for 1 s, idle after 0.2 s";
}

TEST_F(SessionE2e, ALongIdleSecondsSettingKeepsAQuietSessionRunning) {
  write_file(m_tmp / "config/sandmux/config.toml", "idle_seconds = 3600\n");
  new_session({"-n", "quiet", "--", "sh", "-c", "echo once; exec sleep 600"});
  ASSERT_EQ(sandmux({"wait", "quiet", "--idle", "1", "--timeout", "30"}).status, 0);
  EXPECT_EQ(session("quiet").at("state"), "running") << "quiet for 1 s, idle after an hour";
}

TEST_F(SessionE2e, BadSettingsStopTheBrokerFromStartingWithTheirLocation) {
  const std::string config = m_tmp / "config/sandmux/config.toml";
  write_file(config, "idle_seconds = 0\n");
  const ProcessResult result = sandmux({"ls"});
  EXPECT_EQ(result.status, 125);
  EXPECT_NE(result.err.find(config + ":1:16: 'idle_seconds' must be between 0.1 and 86400"),
            std::string::npos)
      << result.err;
}

TEST_F(SessionE2e, KillEndsTheSession) {
  new_session({"-n", "victim", "--", "sleep", "600"});
  const ProcessResult killed = sandmux({"kill", "victim"});
  EXPECT_EQ(killed.status, 0) << killed.err;
  EXPECT_TRUE(session("victim").is_null());
  const ProcessResult again = sandmux({"kill", "victim"});
  EXPECT_EQ(again.status, 125);
  EXPECT_EQ(again.err.rfind("sandmux: ", 0), 0u) << again.err;
}

TEST_F(SessionE2e, SocketPrintsTheJailSocketWithAWarning) {
  new_session({"-n", "sock", "--", "sleep", "600"});
  const ProcessResult by_name = sandmux({"socket", "sock"});
  ASSERT_EQ(by_name.status, 0) << by_name.err;
  EXPECT_EQ(by_name.out, std::string(session("sock").at("socket").as_string()) + "\n");
  EXPECT_EQ(by_name.out.rfind(jail_base() + "/", 0), 0u) << by_name.out;
  EXPECT_NE(by_name.err.find("warning"), std::string::npos);
  EXPECT_NE(by_name.err.find("run commands as you"), std::string::npos) << by_name.err;
  const ProcessResult by_jail = sandmux({"socket", "-p", "default", "-C", m_project});
  ASSERT_EQ(by_jail.status, 0) << by_jail.err;
  EXPECT_EQ(by_jail.out, by_name.out);
}

TEST_F(SessionE2e, UnknownSessionsFailWith125) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"send", "nobody", "hi"},
                                             {"keys", "nobody", "Enter"},
                                             {"capture", "nobody"},
                                             {"logs", "nobody"},
                                             {"wait", "nobody", "--exit"},
                                             {"kill", "nobody"},
                                             {"socket", "nobody"}}) {
    const ProcessResult result = sandmux(args);
    EXPECT_EQ(result.status, 125) << args.front() << ": " << result.err;
    EXPECT_NE(result.err.find("nobody"), std::string::npos) << result.err;
  }
}

TEST_F(SessionE2e, AnUnreachableBrokerIs125WithAClearError) {
  write_file(m_runtime + "/sandmux", "not a directory");
  const ProcessResult result = sandmux({"ls"});
  EXPECT_EQ(result.status, 125);
  EXPECT_EQ(result.err.rfind("sandmux: broker unreachable: ", 0), 0u) << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << result.err;
}

}  // namespace
}  // namespace sandmux::testing

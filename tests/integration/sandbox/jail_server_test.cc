// The confined tmux server: started once, found again, detached from its starter,
// stopped with everything inside, restarted after a crash, and usable from inside.
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/integration/sandbox/jail_fixture.h"

namespace sandmux::testing {
namespace {

pid_t stat_field_pid(pid_t pid, int field) {  // 4: ppid, 6: session
  const std::string text = read_file("/proc/" + std::to_string(pid) + "/stat");
  std::istringstream rest(text.substr(text.rfind(')') + 2));
  std::string value;
  for (int i = 3; i <= field; ++i) rest >> value;
  return static_cast<pid_t>(std::stol(value));
}

pid_t recorded_pid(const sandbox::JailPaths& paths) {
  return static_cast<pid_t>(std::stol(read_file(paths.state_dir + "/server.pid")));
}

using JailServer = JailFixture;

TEST_F(JailServer, IsFoundAgainInsteadOfStartedTwice) {
  EXPECT_TRUE(sandbox::jail_server_running(m_spec.paths));
  const pid_t pid = recorded_pid(m_spec.paths);
  EXPECT_EQ(start(), sandbox::JailStart::already_running);
  EXPECT_EQ(recorded_pid(m_spec.paths), pid);
}

TEST_F(JailServer, IsNoChildOfItsStarterAndHasItsOwnSession) {
  const pid_t sandbox_init = recorded_pid(m_spec.paths);
  const pid_t outer_bwrap = stat_field_pid(sandbox_init, 4);
  EXPECT_NE(stat_field_pid(outer_bwrap, 4), ::getpid());
  EXPECT_NE(stat_field_pid(outer_bwrap, 6), stat_field_pid(::getpid(), 6));
  const std::string cmdline = read_file("/proc/" + std::to_string(outer_bwrap) + "/cmdline");
  EXPECT_EQ(cmdline.find(std::string("--die-with-parent")), std::string::npos);
}

TEST_F(JailServer, StopEndsTheServerAndEveryWindow) {
  const std::string sleeper = std::to_string(4000 + ::getpid() % 1000);
  ASSERT_EQ(jailed_tmux({"new-session", "-d", "sleep " + sleeper}).status, 0);
  ASSERT_TRUE(eventually([&] { return !pids_with_argument(sleeper).empty(); }));
  EXPECT_TRUE(sandbox::stop_jail_server(m_spec.paths));
  EXPECT_TRUE(eventually([&] { return pids_with_argument(sleeper).empty(); }));
  EXPECT_FALSE(sandbox::jail_server_running(m_spec.paths));
  EXPECT_FALSE(exists(m_spec.paths.socket));
  EXPECT_FALSE(sandbox::stop_jail_server(m_spec.paths));  // nothing left to stop
}

TEST_F(JailServer, StartsAgainAfterItsServerDied) {
  ASSERT_EQ(jailed_tmux({"kill-server"}).status, 0);
  ASSERT_TRUE(eventually([&] { return !sandbox::jail_server_running(m_spec.paths); }));
  EXPECT_EQ(start(), sandbox::JailStart::started);
  EXPECT_TRUE(sandbox::jail_server_running(m_spec.paths));
}

TEST_F(JailServer, PlantedNonSocketAtTheSocketPathIsReplaced) {
  sandbox::stop_jail_server(m_spec.paths);
  std::filesystem::create_symlink("/nonexistent", m_spec.paths.socket);
  EXPECT_FALSE(sandbox::jail_server_running(m_spec.paths));
  EXPECT_EQ(start(), sandbox::JailStart::started);
  EXPECT_TRUE(sandbox::jail_server_running(m_spec.paths));
}

// Benign control: a plain `tmux` inside finds the confined server, and its windows run
// in the jail (they can write the project).
TEST_F(JailServer, PlainTmuxInsideOpensConfinedWindows) {
  const ProcessResult r = inside("test -S /tmp/tmux-$(id -u)/default && "
                                 "tmux new-session -d -s work 'echo made > made.txt; exec sleep 600' && "
                                 "tmux list-sessions -F '#{session_name}'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("work"), std::string::npos) << r.out;
  EXPECT_TRUE(eventually([&] { return read_file(m_project + "/made.txt") == "made\n"; }));
}

}  // namespace
}  // namespace sandmux::testing

namespace sandmux::testing {
namespace {

TEST_F(JailServer, IsListedUnderItsBaseForARestartedBroker) {
  const std::vector<sandbox::JailPaths> jails = sandbox::find_jails(m_spec.paths.base);
  ASSERT_EQ(jails.size(), 1u);
  EXPECT_EQ(jails[0].name, m_spec.paths.name);
  EXPECT_EQ(jails[0].socket, m_spec.paths.socket);
  EXPECT_EQ(jails[0].state_dir, m_spec.paths.state_dir);
  EXPECT_TRUE(sandbox::jail_server_running(jails[0]));
}

}  // namespace
}  // namespace sandmux::testing

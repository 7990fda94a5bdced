// A jail that freezes its own tmux server (kill -STOP) cannot hang its clients: send and
// capture fail with jail-timeout once jail_timeout_seconds (1 s here) passes, kill ends
// the window's processes from the host by the jail's pid namespace and only then drops the
// session, and a session in another jail keeps answering.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json/parse.hpp>
#include <fstream>

#include "tests/integration/broker/e2e_fixture.h"

namespace sandmux::testing {
namespace {

bool running(std::int64_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return false;
  const std::size_t paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] != 'Z';
}

class FrozenJailE2e : public SandmuxE2e {
 protected:
  void SetUp() override {
    SandmuxE2e::SetUp();
    write_file(m_tmp / "config/sandmux/config.toml", "jail_timeout_seconds = 1\n");
    m_other = m_tmp / "other";
    std::filesystem::create_directories(m_other);
  }

  /// Host pid of the process of the jail of PROJECT whose command line starts with PROGRAM.
  std::int64_t pid_in_jail(const std::string& project, const std::string& program) {
    const ProcessResult result = sandmux({"jails", "--json"});
    EXPECT_EQ(result.status, 0) << result.err;
    const boost::json::value list = boost::json::parse(result.out);
    for (const boost::json::value& jail : list.as_array()) {
      if (!jail.at("project").is_string() || jail.at("project").as_string() != project) continue;
      for (const boost::json::value& pid : jail.at("pids").as_array()) {
        const std::string cmdline = read_file("/proc/" + std::to_string(pid.as_int64()) + "/cmdline");
        if (cmdline.rfind(program, 0) == 0) return pid.as_int64();
      }
    }
    return 0;
  }

  std::string m_other;
};

TEST_F(FrozenJailE2e, RequestsFailAtTheDeadlineAndKillEndsTheWindowFromTheHost) {
  new_session({"-n", "frozen", "--", "sleep", "600"});
  new_session({"-n", "alive", "-C", m_other, "--", "sh", "-c", "echo still here; exec sleep 600"});
  const std::int64_t server = pid_in_jail(m_project, "tmux");
  const std::int64_t window = pid_in_jail(m_project, "sleep");
  ASSERT_GT(server, 0);
  ASSERT_GT(window, 0);
  ASSERT_EQ(::kill(static_cast<pid_t>(server), SIGSTOP), 0);

  const ProcessResult send = sandmux({"send", "frozen", "hi"});
  EXPECT_EQ(send.status, 125);
  EXPECT_NE(send.err.find("did not answer within 1 s (jail_timeout_seconds)"), std::string::npos)
      << send.err;
  const ProcessResult capture = sandmux({"capture", "frozen"});
  EXPECT_EQ(capture.status, 125);
  EXPECT_NE(capture.err.find("its tmux server may be frozen"), std::string::npos) << capture.err;
  EXPECT_TRUE(session("frozen").is_object());  // still listed: its window still runs

  EXPECT_TRUE(screen_has("alive", "still here"));  // another jail is unaffected

  const ProcessResult kill = sandmux({"kill", "frozen"});
  EXPECT_EQ(kill.status, 0) << kill.err;
  EXPECT_TRUE(eventually([&] { return !running(window); }));
  EXPECT_TRUE(session("frozen").is_null());
  EXPECT_TRUE(running(server));  // the frozen server itself is left to `jails stop`
  EXPECT_EQ(sandmux({"capture", "alive"}).status, 0);
}

}  // namespace
}  // namespace sandmux::testing

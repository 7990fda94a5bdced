// `sandmux jails` and `sandmux jails stop` end to end: what `new` made is listed with its
// processes and memory; stopping a jail, frozen or not, leaves none of its processes
// running and its sessions lost; unknown names and bad usage fail with the contract's codes.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>

#include "tests/integration/broker/e2e_fixture.h"

namespace sandmux::testing {
namespace {

/// True while PID exists and is not a zombie.
bool running(std::int64_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return false;
  const std::size_t paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] != 'Z';
}

class JailsE2e : public SandmuxE2e {
 protected:
  boost::json::array jails() {
    const ProcessResult result = sandmux({"jails", "--json"});
    EXPECT_EQ(result.status, 0) << result.err;
    return boost::json::parse(result.out).as_array();
  }

  std::vector<std::int64_t> pids_of(const boost::json::value& jail) {
    std::vector<std::int64_t> pids;
    for (const boost::json::value& pid : jail.at("pids").as_array()) pids.push_back(pid.as_int64());
    return pids;
  }

  /// The host pid of the jail's process whose command line starts with PROGRAM.
  std::int64_t pid_running(const boost::json::value& jail, const std::string& program) {
    for (std::int64_t pid : pids_of(jail)) {
      const std::string cmdline = read_file("/proc/" + std::to_string(pid) + "/cmdline");
      if (cmdline.rfind(program, 0) == 0) return pid;
    }
    return 0;
  }
};

TEST_F(JailsE2e, ListsTheJailThatNewMade) {
  new_session({"-n", "a", "--", "sleep", "600"});
  new_session({"-n", "b", "--", "sleep", "601"});
  const boost::json::array list = jails();
  ASSERT_EQ(list.size(), 1u) << boost::json::serialize(list);
  const boost::json::value& jail = list.front();
  EXPECT_EQ(jail.at("profile").as_string(), "default");
  EXPECT_EQ(jail.at("project").as_string(), m_project);
  EXPECT_EQ(jail.at("sessions").as_int64(), 2);
  EXPECT_EQ(jail.at("socket").as_string(), session("a").at("socket").as_string());
  EXPECT_GT(jail.at("pid").as_int64(), 1);
  EXPECT_GT(jail.at("memory_bytes").as_int64(), 0);
  EXPECT_NE(pid_running(jail, "sleep"), 0) << boost::json::serialize(jail);
  EXPECT_NE(pid_running(jail, "tmux"), 0) << boost::json::serialize(jail);

  const ProcessResult table = sandmux({"jails"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_EQ(table.out.rfind("NAME", 0), 0u) << table.out;
  EXPECT_NE(table.out.find(std::string(jail.at("name").as_string())), std::string::npos);
}

TEST_F(JailsE2e, StopEndsTheServerAndEveryWindowProcess) {
  new_session({"-n", "a", "--", "sleep", "600"});
  const boost::json::array list = jails();
  ASSERT_EQ(list.size(), 1u);
  const std::string name(list.front().at("name").as_string());
  const std::vector<std::int64_t> pids = pids_of(list.front());
  ASSERT_GE(pids.size(), 3u);  // bwrap, the tmux server, sleep

  const ProcessResult stopped = sandmux({"jails", "stop", name});
  ASSERT_EQ(stopped.status, 0) << stopped.err;
  EXPECT_EQ(stopped.out, "stopped " + name + "\n");
  for (std::int64_t pid : pids) EXPECT_TRUE(eventually([&] { return !running(pid); })) << pid;
  EXPECT_TRUE(jails().empty());
  EXPECT_EQ(session("a").at("state").as_string(), "lost");
  const ProcessResult send = sandmux({"send", "a", "hi"});
  EXPECT_EQ(send.status, 125);
  EXPECT_NE(send.err.find("its jail was stopped"), std::string::npos) << send.err;
}

TEST_F(JailsE2e, StopKillsAFrozenJail) {
  new_session({"-n", "a", "--", "sleep", "600"});
  const boost::json::array list = jails();
  ASSERT_EQ(list.size(), 1u);
  const std::vector<std::int64_t> pids = pids_of(list.front());
  for (std::int64_t pid : pids) ::kill(static_cast<pid_t>(pid), SIGSTOP);

  const ProcessResult stopped = sandmux({"jails", "stop", "--all"});
  ASSERT_EQ(stopped.status, 0) << stopped.err;
  for (std::int64_t pid : pids) EXPECT_TRUE(eventually([&] { return !running(pid); })) << pid;
  EXPECT_TRUE(jails().empty());
}

TEST_F(JailsE2e, StoppingAnUnknownJailFailsAndStopsNothing) {
  new_session({"-n", "a", "--", "sleep", "600"});
  const ProcessResult result = sandmux({"jails", "stop", "nope-x-0000000000000000"});
  EXPECT_EQ(result.status, 125);
  EXPECT_EQ(result.err,
            "sandmux: no running jail named 'nope-x-0000000000000000' (see 'sandmux jails')\n");
  EXPECT_EQ(jails().size(), 1u);
  EXPECT_EQ(session("a").at("state").as_string(), "running");
}

TEST_F(JailsE2e, StopNeedsNamesOrAll) {
  const ProcessResult neither = sandmux({"jails", "stop"});
  EXPECT_EQ(neither.status, 2);
  EXPECT_EQ(neither.err, "sandmux: jails stop: give jail NAMEs or --all (see 'sandmux jails')\n");
  EXPECT_EQ(sandmux({"jails", "stop", "--all", "x"}).status, 2);
  EXPECT_EQ(sandmux({"jails", "stop", "../x"}).status, 2);
}

}  // namespace
}  // namespace sandmux::testing

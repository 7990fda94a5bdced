// Unused jails end: a jail with no live session and no `run` using it is stopped after
// jail_grace_seconds (1 s here), run-made jails included, while a jail that still has a
// session, or a `run` in progress, lives on. Each "lives on" claim is checked at the moment
// another jail, unused since the same time, has been stopped by the same sweep.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>

#include "tests/integration/broker/e2e_fixture.h"

namespace sandmux::testing {
namespace {

class JailGraceE2e : public SandmuxE2e {
 protected:
  void SetUp() override {
    SandmuxE2e::SetUp();
    write_file(m_tmp / "config/sandmux/config.toml", "jail_grace_seconds = 1\n");
    m_other = m_tmp / "other";
    std::filesystem::create_directories(m_other);
  }

  /// Names of the running jails, as `sandmux jails` lists them.
  std::vector<std::string> jail_names() {
    const ProcessResult result = sandmux({"jails", "--json"});
    EXPECT_EQ(result.status, 0) << result.err;
    std::vector<std::string> names;
    const boost::json::value list = boost::json::parse(result.out);
    for (const boost::json::value& jail : list.as_array()) {
      names.emplace_back(jail.at("name").as_string());
    }
    return names;
  }

  /// Project directory -> jail name, of every running jail.
  std::map<std::string, std::string> jails_by_project() {
    const ProcessResult result = sandmux({"jails", "--json"});
    EXPECT_EQ(result.status, 0) << result.err;
    std::map<std::string, std::string> jails;
    const boost::json::value list = boost::json::parse(result.out);
    for (const boost::json::value& jail : list.as_array()) {
      const boost::json::value& project = jail.at("project");
      jails[project.is_string() ? std::string(project.as_string()) : "?"] =
          std::string(jail.at("name").as_string());
    }
    return jails;
  }

  std::size_t running_jails() { return sandbox::find_jails(jail_base()).size() - stopped(); }

  std::size_t stopped() {
    std::size_t count = 0;
    for (const sandbox::JailPaths& jail : sandbox::find_jails(jail_base())) {
      count += sandbox::jail_server_running(jail) ? 0 : 1;
    }
    return count;
  }

  std::string m_other;
};

TEST_F(JailGraceE2e, AJailWhoseSessionsEndedIsStoppedWhileOneInUseLivesOn) {
  new_session({"-n", "kept", "--", "sleep", "600"});
  new_session({"-n", "gone", "-C", m_other, "--", "sleep", "600"});
  ASSERT_EQ(jails_by_project().size(), 2u);
  ASSERT_EQ(sandmux({"kill", "gone"}).status, 0);

  ASSERT_TRUE(eventually([&] { return jails_by_project().count(m_other) == 0; }));
  EXPECT_EQ(jails_by_project().count(m_project), 1u);
  EXPECT_NE(session("kept").at("state").as_string(), "lost");
  EXPECT_EQ(sandmux({"capture", "kept"}).status, 0);
}

TEST_F(JailGraceE2e, ARunMadeJailIsStoppedOnceNoRunUsesIt) {
  Background running({sandmux_binary(), "run", "--", "sleep", "600"}, m_env, m_project);
  ASSERT_TRUE(eventually([&] { return running_jails() == 1; }));
  const ProcessResult done = sandmux({"run", "-C", m_other, "--", "true"});
  ASSERT_EQ(done.status, 0) << done.err;
  ASSERT_EQ(running_jails(), 2u);

  // The broker (started here by `jails`) stops the idle run-made jail, not the used one.
  ASSERT_EQ(jail_names().size(), 2u);
  ASSERT_TRUE(eventually([&] { return jail_names().size() == 1; }));
  EXPECT_EQ(running_jails(), 1u);
  const std::vector<std::string> names = jail_names();
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names.front().rfind("default-proj-", 0), 0u) << names.front();
}

}  // namespace
}  // namespace sandmux::testing

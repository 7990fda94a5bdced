// The confined tmux client launcher, used as a human's `attach`: it works on a real
// terminal, follows its resizes, and dies with its launcher.
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/integration/sandbox/jail_fixture.h"

namespace sandmux::testing {
namespace {

class ConfinedClient : public JailFixture {
 protected:
  std::unique_ptr<PtyChild> attach() {
    sandbox::UniqueFd seccomp = sandbox::export_seccomp_filter({});
    const sandbox::LaunchPlan plan =
        client_plan({"attach-session", "-t", "main"}, seccomp.get(), true);
    return std::make_unique<PtyChild>([&plan] {
      try {
        sandbox::exec_plan(plan);
      } catch (...) {
      }
      _exit(123);
    });
  }
  std::string client_size() {
    return jailed_tmux({"list-clients", "-F", "#{client_width}x#{client_height}"}).out;
  }
};

TEST_F(ConfinedClient, AttachedClientFollowsTheTerminalSize) {
  ASSERT_EQ(jailed_tmux({"new-session", "-d", "-s", "main", "sleep 600"}).status, 0);
  auto client = attach();
  ASSERT_TRUE(eventually([&] {
    client->poll_exit();
    return client_size() == "80x24\n";
  })) << client_size() << client->output();
  client->resize(100, 30);
  EXPECT_TRUE(eventually([&] {
    client->poll_exit();
    return client_size() == "100x30\n";
  })) << client_size();
}

TEST_F(ConfinedClient, KeysTypedOnTheTerminalReachThePane) {
  ASSERT_EQ(jailed_tmux({"new-session", "-d", "-s", "main", "-c", m_project, "cat > typed.txt"})
                .status,
            0);
  auto client = attach();
  ASSERT_TRUE(eventually([&] {
    client->poll_exit();
    return !client_size().empty();
  }));
  client->write("hello\r");
  EXPECT_TRUE(eventually([&] {
    client->poll_exit();
    return read_file(m_project + "/typed.txt") == "hello\n";
  }));
}

}  // namespace
}  // namespace sandmux::testing

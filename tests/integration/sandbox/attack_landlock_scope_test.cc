// With the network shared, a sandbox shares the host's abstract unix socket namespace
// (X11's @/tmp/.X11-unix/X0, D-Bus, ...). Where Landlock has scopes, the launcher scopes
// the sandbox right before exec'ing bwrap; these tests do the same and try to connect to
// an abstract socket this test listens on, from the prober inside bwrap with the filter.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <string>

#include "sandbox/landlock.h"
#include "sandbox/seccomp_filter.h"
#include "tests/integration/sandbox/attack_probe.h"

namespace sandmux::testing {
namespace {

class AttackAbstractSocket : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(in_path("bwrap")) << "bwrap is not installed (scripts/install-deps)";
    m_name = "sandmux-attack-" + std::to_string(getpid());
    m_listener.reset(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    m_name.copy(address.sun_path + 1, sizeof address.sun_path - 2);
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + m_name.size());
    ASSERT_EQ(bind(m_listener.get(), reinterpret_cast<const sockaddr*>(&address), length), 0);
    ASSERT_EQ(listen(m_listener.get(), 8), 0);
  }

  ProbeOutcome connect_from_sandbox(bool network, bool scope_ipc) {
    sandbox::UniqueFd filter = sandbox::export_seccomp_filter({});
    return spawn_and_wait(
        bwrap_argv(canonical_prober(), filter.get(), network, {"connect-abstract", m_name}),
        {.scope_ipc = scope_ipc});
  }

  std::string m_name;
  sandbox::UniqueFd m_listener;
};

TEST_F(AttackAbstractSocket, SharedNetworkWithoutScopeReachesHostSocket) {
  // The hole the scope closes: this is why doctor warns on kernels without ABI 6.
  EXPECT_TRUE(probe_ended_as("connect-abstract", connect_from_sandbox(true, false), succeeds()));
}

TEST_F(AttackAbstractSocket, SharedNetworkWithScopeIsEperm) {
  if (sandbox::landlock_abi_version() < sandbox::kLandlockScopeAbi)
    GTEST_SKIP() << "kernel Landlock ABI " << sandbox::landlock_abi_version() << " has no scopes";
  EXPECT_TRUE(
      probe_ended_as("connect-abstract", connect_from_sandbox(true, true), fails_with("EPERM")));
}

TEST_F(AttackAbstractSocket, UnsharedNetworkCannotSeeHostSocket) {
  EXPECT_TRUE(probe_ended_as("connect-abstract", connect_from_sandbox(false, false),
                             fails_with("ECONNREFUSED")));
}

}  // namespace
}  // namespace sandmux::testing

// Landlock IPC scoping, checked in forked children against an abstract unix socket and a
// process (this test) outside the child's Landlock domain.
#include "sandbox/landlock.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <functional>
#include <string>

#include "sandbox/unique_fd.h"

namespace sandmux::sandbox {
namespace {

constexpr int kNotScoped = 200;

/// An abstract listening socket named after this process.
struct AbstractListener {
  AbstractListener() : fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    const std::string name = "sandmux-landlock-test-" + std::to_string(getpid());
    address.sun_family = AF_UNIX;
    name.copy(address.sun_path + 1, sizeof address.sun_path - 2);
    length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    if (bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), length) != 0 ||
        listen(fd.get(), 4) != 0)
      fd.reset();
  }
  UniqueFd fd;
  sockaddr_un address{};
  socklen_t length = 0;
};

int connect_to(const AbstractListener& listener) {
  UniqueFd client(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  return connect(client.get(), reinterpret_cast<const sockaddr*>(&listener.address),
                 listener.length) == 0
             ? 0
             : errno;
}

/// Runs CALL in a child, scoped first when SCOPE; the child's exit status.
int in_child(bool scope, const std::function<int()>& call) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (scope) {
      try {
        if (!landlock_scope_ipc()) _exit(kNotScoped);
      } catch (...) {
        _exit(kNotScoped + 1);
      }
    }
    _exit(call());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

class LandlockScope : public ::testing::Test {
 protected:
  void SetUp() override {
    if (landlock_abi_version() < kLandlockScopeAbi)
      GTEST_SKIP() << "kernel Landlock ABI " << landlock_abi_version() << " has no scopes";
    ASSERT_TRUE(m_listener.fd.valid());
  }
  AbstractListener m_listener;
};

TEST(Landlock, AbiVersionIsNeverNegative) { EXPECT_GE(landlock_abi_version(), 0); }

TEST_F(LandlockScope, UnscopedChildReachesHostAbstractSocket) {
  EXPECT_EQ(in_child(false, [this] { return connect_to(m_listener); }), 0);
}

TEST_F(LandlockScope, ScopedChildCannotReachHostAbstractSocket) {
  EXPECT_EQ(in_child(true, [this] { return connect_to(m_listener); }), EPERM);
}

TEST_F(LandlockScope, ScopedChildCannotSignalOutsideItsDomain) {
  EXPECT_EQ(in_child(true, [] { return kill(getppid(), 0) == 0 ? 0 : errno; }), EPERM);
}

TEST_F(LandlockScope, ScopedChildStillSignalsItsOwnChildren) {
  EXPECT_EQ(in_child(true,
                     [] {
                       const pid_t pid = fork();
                       if (pid == 0) {
                         pause();
                         _exit(0);
                       }
                       const int error = kill(pid, SIGKILL) == 0 ? 0 : errno;
                       waitpid(pid, nullptr, 0);
                       return error;
                     }),
            0);
}

TEST_F(LandlockScope, ScopedChildHasNoNewPrivs) {
  EXPECT_EQ(in_child(true, [] { return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0); }), 1);
}

}  // namespace
}  // namespace sandmux::sandbox

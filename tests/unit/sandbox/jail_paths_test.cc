#include "sandbox/jail_paths.h"

#include <gtest/gtest.h>

#include "sandbox/errors.h"

namespace sandmux::sandbox {
namespace {

TEST(JailPaths, LayoutAndStableName) {
  const JailPaths paths = make_jail_paths("/run/user/1000/sandmux", "opencode", "/home/u/my app");
  EXPECT_EQ(paths.name.substr(0, 16), "opencode-my_app-");
  EXPECT_EQ(paths.name.size(), 16u + 16u);
  EXPECT_EQ(paths.socket_dir, "/run/user/1000/sandmux/" + paths.name);
  EXPECT_EQ(paths.socket, paths.socket_dir + "/default");
  EXPECT_EQ(paths.state_dir, paths.socket_dir + ".state");
  // The name is part of the on-disk contract: a restarted broker must find the same jail.
  EXPECT_EQ(jail_name("default", "/home/u/proj"), jail_name("default", "/home/u/proj"));
  EXPECT_EQ(jail_name("default", "/"), "default-root-" + jail_name("default", "/").substr(13));
}

TEST(JailPaths, EveryProfileAndProjectPairGetsItsOwnJail) {
  const std::string names[] = {
      jail_name("default", "/home/u/proj"), jail_name("offline", "/home/u/proj"),
      jail_name("default", "/home/v/proj"), jail_name("default", "/home/u/proj2"),
      jail_name("a-b", "/c"),               jail_name("a", "/b-/c")};
  for (std::size_t i = 0; i < std::size(names); ++i) {
    for (std::size_t j = i + 1; j < std::size(names); ++j) EXPECT_NE(names[i], names[j]);
  }
}

TEST(JailPaths, SocketPathMustFitSunPath) {
  const std::string base = "/tmp/" + std::string(80, 'x');
  try {
    make_jail_paths(base, "default", "/p");
    FAIL();
  } catch (const SandboxError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("jail socket path '" + base + "/default-p-", 0), 0u) << message;
    EXPECT_NE(message.find("' is 120 bytes, more than a unix socket allows (107); choose a "
                           "shorter socket_dir_base than '" + base + "'"),
              std::string::npos)
        << message;
  }
}

TEST(JailPaths, DefaultBase) {
  EXPECT_EQ(default_socket_dir_base("/run/user/1000", 1000), "/run/user/1000/sandmux");
  EXPECT_EQ(default_socket_dir_base("", 1000), "/tmp/sandmux-1000");
  EXPECT_EQ(default_socket_dir_base("relative", 7), "/tmp/sandmux-7");
  EXPECT_EQ(inside_socket_path(0), "/tmp/tmux-0/default");
}

}  // namespace
}  // namespace sandmux::sandbox

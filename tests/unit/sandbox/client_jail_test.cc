#include "sandbox/client_jail.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/unit/sandbox/fake_host_fs.h"

namespace sandmux::sandbox {
namespace {

ClientJailRequest attach_request() {
  ClientJailRequest request;
  request.socket_dir = "/run/user/1000/sandmux/default-proj-0123456789abcdef";
  request.tmux_args = {"attach-session", "-t", "sandmux"};
  request.caller_env = {{"TERM", "tmux-256color"}, {"PATH", "/usr/bin"}, {"TMUX", "/x,1,0"},
                        {"SSH_AUTH_SOCK", "/run/ssh"}};
  request.home = "/home/u";
  request.uid = 1000;
  request.seccomp_fd = 4;
  request.terminal = true;
  return request;
}

TEST(ClientJail, AttachGolden) {
  const LaunchPlan plan = build_client_jail_plan(attach_request(), testing::debian_host());
  const std::vector<std::string> expected = {
      "/usr/bin/bwrap", "--unshare-all", "--unshare-user", "--disable-userns",
      "--cap-drop", "ALL", "--die-with-parent",
      "--symlink", "usr/bin", "/bin",
      "--dev", "/dev",
      "--ro-bind", "/etc", "/etc",
      "--tmpfs", "/home/u",
      "--symlink", "usr/lib", "/lib",
      "--symlink", "usr/lib64", "/lib64",
      "--proc", "/proc",
      "--tmpfs", "/run",
      "--symlink", "usr/sbin", "/sbin",
      "--tmpfs", "/tmp",
      "--ro-bind", "/run/user/1000/sandmux/default-proj-0123456789abcdef", "/tmp/tmux-1000",
      "--ro-bind", "/usr", "/usr",
      "--chdir", "/", "--seccomp", "4", "--",
      "tmux", "-S", "/tmp/tmux-1000/default", "attach-session", "-t", "sandmux"};
  EXPECT_EQ(plan.argv, expected);
  EXPECT_EQ(plan.env, (std::vector<std::string>{"HOME=/home/u", "PATH=/usr/bin",
                                                "TERM=tmux-256color", "TMUX_TMPDIR=/tmp"}));
  EXPECT_FALSE(plan.scope_ipc);  // no network: abstract sockets are already out of reach
}

TEST(ClientJail, ControlModeWithoutATerminalGetsANewSession) {
  ClientJailRequest request = attach_request();
  request.terminal = false;
  request.tmux_args = {"-C", "attach-session"};
  const LaunchPlan plan = build_client_jail_plan(request, testing::debian_host());
  EXPECT_NE(std::find(plan.argv.begin(), plan.argv.end(), "--new-session"), plan.argv.end());
}

}  // namespace
}  // namespace sandmux::sandbox

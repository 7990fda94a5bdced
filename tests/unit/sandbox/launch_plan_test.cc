#include "sandbox/launch_plan.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "sandbox/errors.h"
#include "tests/unit/sandbox/fake_host_fs.h"

namespace sandmux::sandbox {
namespace {

using Argv = std::vector<std::string>;

LaunchRequest default_request() {
  LaunchRequest request;
  request.policy.project = "/home/u/proj";
  request.policy.ro = {{"/usr", false}, {"/etc", false}};
  request.policy.rw = {{"/home/u/proj", false}};
  request.caller_env = {{"PATH", "/usr/bin:/bin"}, {"TERM", "xterm"}, {"SSH_AUTH_SOCK", "/s"}};
  request.home = "/home/u";
  request.uid = 1000;
  request.command = {"opencode", "serve"};
  request.seccomp_fd = 3;
  return request;
}

// The whole argv of the built-in `default` profile on a merged-usr host.
TEST(LaunchPlan, DefaultProfileGolden) {
  const LaunchPlan plan = build_launch_plan(default_request(), testing::debian_host());
  const Argv expected = {
      "/usr/bin/bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--cap-drop", "ALL", "--share-net",
      "--die-with-parent", "--new-session",
      "--symlink", "usr/bin", "/bin",
      "--dev", "/dev",
      "--ro-bind", "/etc", "/etc",
      "--tmpfs", "/home/u",
      "--bind", "/home/u/proj", "/home/u/proj",
      "--ro-bind", "/home/u/proj/.git", "/home/u/proj/.git",
      "--symlink", "usr/lib", "/lib",
      "--symlink", "usr/lib64", "/lib64",
      "--proc", "/proc",
      "--tmpfs", "/run",
      "--symlink", "usr/sbin", "/sbin",
      "--tmpfs", "/tmp",
      "--ro-bind", "/usr", "/usr",
      "--chdir", "/home/u/proj", "--seccomp", "3", "--",
      "opencode", "serve"};
  EXPECT_EQ(plan.argv, expected);
  EXPECT_EQ(plan.env, (Argv{"HOME=/home/u", "PATH=/usr/bin:/bin", "TERM=xterm"}));
  EXPECT_EQ(plan.keep_fds, std::vector<int>{3});
  EXPECT_TRUE(plan.scope_ipc);
}

TEST(LaunchPlan, PlaceholderIsAnEmptyReadOnlyTmpfs) {
  EXPECT_EQ(mount_arguments({{MountKind::ro_tmpfs, "", "/p/.git"}}),
            (Argv{"--perms", "0555", "--tmpfs", "/p/.git", "--remount-ro", "/p/.git"}));
}

TEST(LaunchPlan, SyncFdIsKeptOpenByBwrap) {
  LaunchRequest request = default_request();
  request.sync_fd = 9;
  const LaunchPlan plan = build_launch_plan(request, testing::debian_host());
  const auto sync = std::find(plan.argv.begin(), plan.argv.end(), "--sync-fd");
  ASSERT_NE(sync, plan.argv.end());
  EXPECT_EQ(*(sync + 1), "9");
  EXPECT_LT(sync, std::find(plan.argv.begin(), plan.argv.end(), "--"));
  EXPECT_EQ(plan.keep_fds, (std::vector<int>{3, 9}));
}

TEST(LaunchPlan, OfflineTerminalJailServerVariants) {
  LaunchRequest request = default_request();
  request.policy.network = Network::none;
  request.new_session = false;
  request.die_with_parent = false;
  request.info_fd = 7;
  request.socket_dir = "/run/user/1000/sandmux/default-proj-0123456789abcdef";
  const LaunchPlan plan = build_launch_plan(request, testing::debian_host());
  const Argv head(plan.argv.begin(), plan.argv.begin() + 7);
  EXPECT_EQ(head, (Argv{"/usr/bin/bwrap", "--unshare-all", "--unshare-user",
                        "--disable-userns", "--cap-drop", "ALL", "--symlink"}));
  const Argv end(plan.argv.end() - 9, plan.argv.end());
  EXPECT_EQ(end, (Argv{"--chdir", "/home/u/proj", "--seccomp", "3", "--info-fd", "7", "--",
                       "opencode", "serve"}));
  EXPECT_EQ(plan.keep_fds, (std::vector<int>{3, 7}));
  EXPECT_FALSE(plan.scope_ipc);
  EXPECT_NE(std::find(plan.env.begin(), plan.env.end(), "TMUX_TMPDIR=/tmp"), plan.env.end());
}

// Read-only but for the jail's server, which creates its socket there (and then has
// the bind sealed read-only too).
TEST(LaunchPlan, SocketDirIsBoundAtTmpTmuxUidAfterTheTmpTmpfs) {
  LaunchRequest request = default_request();
  request.socket_dir = "/run/user/1000/sandmux/j";
  for (const bool writable : {false, true}) {
    request.socket_dir_writable = writable;
    const Argv argv = build_launch_plan(request, testing::debian_host()).argv;
    const auto tmp = std::find(argv.begin(), argv.end(), "/tmp");
    const auto bind = std::find(argv.begin(), argv.end(), "/run/user/1000/sandmux/j");
    ASSERT_NE(bind, argv.end());
    EXPECT_LT(tmp, bind);
    EXPECT_EQ(*(bind - 1), writable ? "--bind" : "--ro-bind");
    EXPECT_EQ(*(bind + 1), "/tmp/tmux-1000");
  }
}

// Issue 10 §3: the project is bound by the descriptor its check was made on; a
// read-only project the same way; nothing else changes.
TEST(LaunchPlan, TheProjectIsBoundByItsDescriptor) {
  LaunchRequest request = default_request();
  request.project_fd = 9;
  const LaunchPlan plan = build_launch_plan(request, testing::debian_host());
  const auto bind = std::find(plan.argv.begin(), plan.argv.end(), "--bind-fd");
  ASSERT_NE(bind, plan.argv.end());
  EXPECT_EQ(Argv(bind, bind + 3), (Argv{"--bind-fd", "9", "/home/u/proj"}));
  EXPECT_EQ(std::count(plan.argv.begin(), plan.argv.end(), "--bind"), 0);
  EXPECT_EQ(plan.keep_fds, (std::vector<int>{3, 9}));

  request.policy.rw.clear();
  request.policy.ro.push_back({"/home/u/proj", false});
  const Argv ro = build_launch_plan(request, testing::debian_host()).argv;
  const auto ro_bind = std::find(ro.begin(), ro.end(), "--ro-bind-fd");
  ASSERT_NE(ro_bind, ro.end());
  EXPECT_EQ(Argv(ro_bind, ro_bind + 3), (Argv{"--ro-bind-fd", "9", "/home/u/proj"}));
}

TEST(LaunchPlan, IsDeterministic) {
  const LaunchPlan a = build_launch_plan(default_request(), testing::debian_host());
  const LaunchPlan b = build_launch_plan(default_request(), testing::debian_host());
  EXPECT_EQ(a.argv, b.argv);
  EXPECT_EQ(a.env, b.env);
}

TEST(LaunchPlan, RefusesWithoutSeccomp) {
  LaunchRequest request = default_request();
  request.seccomp_fd = -1;
  try {
    build_launch_plan(request, testing::debian_host());
    FAIL();
  } catch (const SandboxError& e) {
    EXPECT_STREQ(e.what(), "no seccomp filter: refusing to launch");
  }
}

TEST(LaunchPlan, RefusesAnEmptyCommand) {
  LaunchRequest request = default_request();
  request.command.clear();
  EXPECT_THROW(build_launch_plan(request, testing::debian_host()), SandboxError);
}

TEST(LaunchPlan, EnvironmentIsNeverOnTheCommandLine) {
  LaunchRequest request = default_request();
  request.caller_env["API_KEY"] = "sk-secret";
  request.policy.env_pass = {"API_KEY"};
  const LaunchPlan plan = build_launch_plan(request, testing::debian_host());
  for (const std::string& arg : plan.argv) EXPECT_EQ(arg.find("sk-secret"), std::string::npos);
  EXPECT_NE(std::find(plan.env.begin(), plan.env.end(), "API_KEY=sk-secret"), plan.env.end());
}

}  // namespace
}  // namespace sandmux::sandbox

namespace sandmux::sandbox {
namespace {

TEST(LaunchPlan, HostTmuxSocketOnlyWhenTheProfileAsks) {
  LaunchRequest request = default_request();
  request.host_tmux_dir = "/tmp/tmux-1000";
  try {
    build_launch_plan(request, testing::debian_host());
    FAIL();
  } catch (const SandboxError& e) {
    EXPECT_STREQ(e.what(), "the host tmux socket is exposed only when the profile asks for it");
  }
  request.policy.expose_host_socket = true;
  const Argv argv = build_launch_plan(request, testing::debian_host()).argv;
  const auto bind = std::find(argv.begin(), argv.end(), "/tmp/tmux-1000");
  ASSERT_NE(bind, argv.end());
  EXPECT_EQ(*(bind + 1), "/run/host-tmux");
  EXPECT_EQ(*(bind - 1), "--bind");
}

TEST(LaunchPlan, SignalTrampolineWrapsTheCommandInATerminal) {
  LaunchRequest request = default_request();
  request.new_session = false;
  request.signal_trampoline = "/usr/bin/env";
  const LaunchPlan plan = build_launch_plan(request, testing::debian_host());
  const Argv tail(plan.argv.end() - 5, plan.argv.end());
  EXPECT_EQ(tail, (Argv{"--", "/usr/bin/env", "--default-signal=INT,QUIT", "opencode", "serve"}));
  EXPECT_TRUE(plan.ignore_interrupts);
  request.command = {"A=B", "x"};  // env would read it as an assignment: left alone
  const LaunchPlan plain = build_launch_plan(request, testing::debian_host());
  EXPECT_EQ(Argv(plain.argv.end() - 3, plain.argv.end()), (Argv{"--", "A=B", "x"}));
  EXPECT_FALSE(plain.ignore_interrupts);
}

}  // namespace
}  // namespace sandmux::sandbox

// `sandmux run` end to end: exit codes, the environment, TERM, what the sandbox can
// write and see, inherited descriptors, and kill -9 of the launcher.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "tests/integration/sandbox/sandmux_fixture.h"

namespace sandmux::testing {
namespace {

using SandmuxRun = SandmuxFixture;

TEST_F(SandmuxRun, ExitStatusPassesThrough) {
  EXPECT_EQ(sh("exit 42").status, 42);
  EXPECT_EQ(sh("exit 0").status, 0);
  EXPECT_EQ(sh("kill -TERM $$").status, 128 + SIGTERM);
}

TEST_F(SandmuxRun, CommandNotFoundIs127) {
  const ProcessResult r = run({"--", "no-such-command-xyz"});
  EXPECT_EQ(r.status, 127);
  EXPECT_EQ(r.err, "sandmux: run: no-such-command-xyz: command not found in the sandbox\n");
}

TEST_F(SandmuxRun, CommandOutsideTheSandboxIsNotFound) {
  // Present on the host, but the sandbox's /tmp is a tmpfs: not found inside.
  write_file(m_tmp / "hosttool", "#!/bin/sh\nexit 0\n", 0755);
  const ProcessResult r = run({m_tmp / "hosttool"});
  EXPECT_EQ(r.status, 127);
  EXPECT_EQ(r.err, "sandmux: run: " + (m_tmp / "hosttool") + ": command not found in the sandbox\n");
}

TEST_F(SandmuxRun, NotExecutableIs126) {
  write_file(m_project + "/script.sh", "echo hi\n", 0644);
  const ProcessResult r = run({"./script.sh"});
  EXPECT_EQ(r.status, 126);
  EXPECT_EQ(r.err, "sandmux: run: " + m_project + "/script.sh: not executable\n");
}

TEST_F(SandmuxRun, UsageErrorsAre2AndOwnFailuresAre125) {
  EXPECT_EQ(run({}).status, 2);
  const ProcessResult bad_profile = run({"-p", "no-such-profile", "--", "true"});
  EXPECT_EQ(bad_profile.status, 125);
  EXPECT_NE(bad_profile.err.find("sandmux: profile 'no-such-profile': "), std::string::npos)
      << bad_profile.err;
}

TEST_F(SandmuxRun, ArgumentsReachTheProgramVerbatim) {
  const ProcessResult r =
      run({"printf", "<%s>", "-p", "x", "--", "a b", "$HOME", "", "-C"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "<-p><x><--><a b><$HOME><><-C>");
  EXPECT_EQ(run({"--", "printf", "<%s>", "--"}).out, "<-->");
}

TEST_F(SandmuxRun, EnvironmentIsTheAllowlist) {
  auto env = m_env;
  env["SSH_AUTH_SOCK"] = "/run/user/0/ssh";
  env["LD_LIBRARY_PATH"] = "/nonexistent";
  env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent";
  env["DISPLAY"] = ":0";
  env["WAYLAND_DISPLAY"] = "wayland-0";
  env["TMUX"] = "/tmp/tmux-0/default,1,0";
  env["TMUX_PANE"] = "%0";
  env["API_KEY"] = "sk-secret";
  env["LC_TIME"] = "C";
  env["USER"] = "someone";
  const ProcessResult r = run_with({"--", "env"}, env);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string expected = "HOME=" + m_env["HOME"] + "\nLANG=C.UTF-8\nLC_TIME=C\nPATH=" +
                               m_env["PATH"] +
                               "\nTERM=xterm-256color\nTMUX_TMPDIR=/tmp\nUSER=someone\n" +
                               "PWD=" + m_project + "\n";  // bwrap --chdir sets PWD
  EXPECT_EQ(r.out, expected);
}

// seeds/000: a tool behaved differently with TERM inherited and TERM set on the command
// line. Both must deliver the same bytes.
TEST_F(SandmuxRun, TermReachesTheProgramByteIdenticalInheritedOrGiven) {
  for (const std::string term : {"xterm-256color", "screen.xterm-256color", "vt100",
                                 "odd value=with spaces"}) {
    auto inherited = m_env;
    inherited["TERM"] = term;
    const ProcessResult a = run_with({"--", "printenv", "TERM"}, inherited);
    auto without = m_env;
    without.erase("TERM");
    const ProcessResult b = run_process(
        {"/bin/sh", "-c", "cd \"$3\" && TERM=\"$1\" exec \"$2\" run -- printenv TERM", "sh",
         term, sandmux_binary(), m_project},
        without);
    EXPECT_EQ(a.status, 0) << a.err;
    EXPECT_EQ(b.status, 0) << b.err;
    EXPECT_EQ(a.out, term + "\n");
    EXPECT_EQ(b.out, a.out);
  }
  auto no_term = m_env;
  no_term.erase("TERM");
  EXPECT_EQ(run_with({"--", "sh", "-c", "echo ${TERM-unset}"}, no_term).out, "unset\n");
}

TEST_F(SandmuxRun, WritesOutsideTheGrantsNeverReachTheHost) {
  const std::string outside = m_tmp / "outside.txt";
  const ProcessResult r = sh("echo x > '" + outside + "'; echo y > /usr/sandmux-probe; "
                             "echo z > /etc/sandmux-probe; echo ok > '" + m_project +
                             "/inside.txt'");
  EXPECT_FALSE(exists(outside));
  EXPECT_FALSE(exists("/usr/sandmux-probe"));
  EXPECT_FALSE(exists("/etc/sandmux-probe"));
  EXPECT_EQ(read_file(m_project + "/inside.txt"), "ok\n");  // the grant itself works
  EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
}

TEST_F(SandmuxRun, GitHooksAndConfigAreReadOnlyInAWritableProject) {
  const ProcessResult hook = sh("echo evil > .git/hooks/pre-commit");
  EXPECT_NE(hook.status, 0);
  EXPECT_NE(hook.err.find("Read-only file system"), std::string::npos) << hook.err;
  EXPECT_FALSE(exists(m_project + "/.git/hooks/pre-commit"));
  EXPECT_NE(sh("echo '[core] hooksPath = /tmp' >> .git/config").status, 0);
  EXPECT_NE(sh("rm -rf .git/hooks").status, 0);
  EXPECT_NE(sh("mv .git/config .git/config.old").status, 0);
  EXPECT_EQ(read_file(m_project + "/.git/config"), "[core]\n");
  EXPECT_TRUE(exists(m_project + "/.git/hooks"));
}

TEST_F(SandmuxRun, SymlinkedGitHooksIsRefusedBeforeStart) {
  std::filesystem::remove_all(m_project + "/.git/hooks");
  std::filesystem::create_directories(m_tmp / "elsewhere");
  std::filesystem::create_directory_symlink(m_tmp / "elsewhere", m_project + "/.git/hooks");
  const ProcessResult r = run({"true"});
  EXPECT_EQ(r.status, 125);
  EXPECT_EQ(r.err, "sandmux: run: refusing '" + m_project +
                       "/.git/hooks' (git metadata): it passes through the symlink '" + m_project +
                       "/.git/hooks', which lies in a read-write grant (sandboxed code could "
                       "have planted it)\n");
}

TEST_F(SandmuxRun, HostProcAndPidsAreNotVisible) {
  const ProcessResult r = sh("tr '\\0' ' ' < /proc/1/cmdline; echo; ls /proc | grep -c '^[0-9]'; "
                             "test -e /proc/" + std::to_string(::getpid()) +
                             " && printf '%s-%s' host visible");
  ASSERT_EQ(r.status, 1) << r.err;  // the last test fails: the host pid is not there
  const std::string first_line = r.out.substr(0, r.out.find('\n'));
  EXPECT_NE(first_line.find("bwrap --unshare-all"), std::string::npos) << r.out;  // own init
  EXPECT_EQ(r.out.find("host-visible"), std::string::npos);
  const std::string count = r.out.substr(first_line.size() + 1);
  EXPECT_LT(std::stoi(count), 10) << r.out;
}

// Run as root, bwrap keeps every capability in the sandbox unless told to drop them.
TEST_F(SandmuxRun, NoCapabilitiesInsideEvenForRoot) {
  const ProcessResult r = sh("grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' /proc/self/status");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n"
            "CapBnd:\t0000000000000000\nCapAmb:\t0000000000000000\n");
}

TEST_F(SandmuxRun, InheritedDescriptorsAreClosed) {
  const int secret = ::open((m_project + "/.git/config").c_str(), O_RDONLY);  // no O_CLOEXEC
  ASSERT_GE(secret, 0);
  ASSERT_EQ(::dup2(secret, 77), 77);
  const ProcessResult r = run({"--", "ls", "/proc/self/fd"});
  ::close(77);
  ::close(secret);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "0\n1\n2\n3\n");  // stdio and the directory ls is reading
}

// seeds/001's `error creating /tmp/tmux-1000/default`, fixed: the jail's server is up
// before the program starts, a plain `tmux` inside reaches it, its windows are confined
// to the same profile, and it outlives the run, found again by the next one.
TEST_F(SandmuxRun, PlainTmuxInsideFindsTheJailServerAndItOutlivesTheRun) {
  const ProcessResult first = sh(
      "test -S /tmp/tmux-$(id -u)/default || echo 'no socket before start'; "
      "tmux new-session -d -s work 'echo window > window.txt; exec sleep 600' && "
      "tmux list-sessions -F '#{session_name}'");
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(first.out, "work\n");
  EXPECT_TRUE(eventually([&] { return read_file(m_project + "/window.txt") == "window\n"; }));
  const sandbox::JailPaths jail = default_jail();
  EXPECT_TRUE(sandbox::jail_server_running(jail));
  const std::string pid = read_file(jail.state_dir + "/server.pid");
  const ProcessResult second = sh("tmux list-sessions -F '#{session_name}'");
  EXPECT_EQ(second.out, "work\n") << second.err;
  EXPECT_EQ(read_file(jail.state_dir + "/server.pid"), pid);
}

TEST_F(SandmuxRun, KillNineOfTheLauncherLeavesNothingBehind) {
  const std::string token = "sandmux-kill-test-" + std::to_string(::getpid());
  const std::string sleeper = std::to_string(3000 + ::getpid() % 1000);
  std::vector<std::string> argv = {sandmux_binary(), "run", "--", "sh", "-c",
                                   "sleep " + sleeper + "; :", token};
  const pid_t launcher = ::fork();
  if (launcher == 0) {
    ::chdir(m_project.c_str());
    std::vector<std::string> env_strings;
    for (const auto& [k, v] : m_env) env_strings.push_back(k + "=" + v);
    std::vector<char*> cargv, cenv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    for (auto& e : env_strings) cenv.push_back(e.data());
    cenv.push_back(nullptr);
    const int null_fd = ::open("/dev/null", O_RDWR);
    ::dup2(null_fd, 0);
    ::execve(cargv[0], cargv.data(), cenv.data());
    _exit(122);
  }
  ASSERT_TRUE(eventually([&] { return !pids_with_argument(token).empty(); }));
  ASSERT_TRUE(eventually([&] { return !pids_with_argument(sleeper).empty(); }));
  ::kill(launcher, SIGKILL);
  int status = 0;
  ::waitpid(launcher, &status, 0);
  EXPECT_TRUE(eventually([&] {
    return pids_with_argument(token).empty() && pids_with_argument(sleeper).empty();
  }));
}

}  // namespace
}  // namespace sandmux::testing

// The two tmux escapes reproduced on bwrap 0.8 (issue 3), attempted from inside a jail:
//  (A) a host tmux server reachable from inside runs commands on the host;
//  (B) a host-side client attached to a jail's server runs what that server tells it
//      (`detach-client -E`, MSG_EXEC), and the jail can swap in a server of its own.
// Each attack names a host file outside every grant; it must never appear. The controls
// show the attacks are real: a bare host client does run the command.
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/integration/sandbox/jail_fixture.h"

namespace sandmux::testing {
namespace {

std::map<std::string, std::string> host_tmux_env() {
  auto env = current_environment();
  env.erase("TMUX");
  env.erase("TMUX_PANE");
  env.erase("TMUX_TMPDIR");
  env["TERM"] = "xterm";
  return env;
}

class TmuxEscape : public JailFixture {
 protected:
  /// A confined client attached to session main on a pty, as `sandmux attach` will run it.
  std::unique_ptr<PtyChild> attach_confined() {
    sandbox::UniqueFd seccomp = sandbox::export_seccomp_filter({});
    const sandbox::LaunchPlan plan = client_plan({"attach-session", "-t", "main"}, seccomp.get(), true);
    return std::make_unique<PtyChild>([&plan] {
      try {
        sandbox::exec_plan(plan);
      } catch (...) {
      }
      _exit(123);
    });
  }

  /// A bare host tmux client attached to session main: what sandmux never runs.
  std::unique_ptr<PtyChild> attach_bare() {
    const std::string socket = m_spec.paths.socket;
    return std::make_unique<PtyChild>([socket] {
      const char* env[] = {"TERM=xterm", "PATH=/usr/bin:/bin", "HOME=/", nullptr};
      ::execle("/usr/bin/tmux", "tmux", "-S", socket.c_str(), "attach-session", "-t", "main",
               static_cast<char*>(nullptr), env);
      _exit(124);
    });
  }

  bool attached(PtyChild& client) {
    return eventually([&] {
      client.poll_exit();
      return !jailed_tmux({"list-clients", "-F", "#{client_name}"}).out.empty();
    });
  }

  /// From inside the jail: make the attached client run `touch MARKER` on its side.
  ProcessResult detach_exec(const std::string& marker) {
    return inside("tmux detach-client -t \"$(tmux list-clients -F '#{client_name}')\" -E "
                  "'touch " + marker + "'");
  }
};

TEST_F(TmuxEscape, A_HostTmuxServerIsInvisibleInside) {
  const std::string label = "sandmux-escape-" + std::to_string(::getpid());
  ASSERT_EQ(run_process({"tmux", "-L", label, "-f", "/dev/null", "new-session", "-d", "sleep 600"},
                        host_tmux_env())
                .status,
            0);
  const std::string host_socket = "/tmp/tmux-" + std::to_string(::getuid()) + "/" + label;
  ASSERT_TRUE(exists(host_socket));
  const std::string marker = m_tmp / "marker-a";
  const ProcessResult r = inside(
      "ls -A /tmp/tmux-$(id -u); "
      "tmux -L " + label + " run-shell 'touch " + marker + "'; echo rc=$?; "
      "tmux -S " + host_socket + " run-shell 'touch " + marker + "'; echo rc=$?");
  run_process({"tmux", "-L", label, "kill-server"}, host_tmux_env());
  EXPECT_EQ(r.out, "default\nrc=1\nrc=1\n") << r.err;
  EXPECT_FALSE(exists(marker));
}

TEST_F(TmuxEscape, RunShellRunsInsideTheJail) {
  const std::string marker = m_tmp / "marker-run-shell";
  const std::string proof = m_project + "/run-shell-ran";
  const ProcessResult r =
      inside("tmux run-shell 'touch " + marker + "; touch " + proof + "'");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(eventually([&] { return exists(proof); }));  // it ran, in the jail
  EXPECT_FALSE(exists(marker));
}

TEST_F(TmuxEscape, B_DetachClientExecRunsInTheClientJailNotOnTheHost) {
  ASSERT_EQ(jailed_tmux({"new-session", "-d", "-s", "main", "sleep 600"}).status, 0);
  auto client = attach_confined();
  ASSERT_TRUE(attached(*client)) << client->output();
  const std::string marker = m_tmp / "marker-b";
  ASSERT_EQ(detach_exec(marker).status, 0);
  EXPECT_TRUE(eventually([&] { return client->poll_exit(); }));  // it was told, it went
  // The command did run, in the client jail, whose /tmp is empty: the host saw nothing.
  EXPECT_NE(client->output().find("touch: cannot touch '" + marker), std::string::npos);
  EXPECT_FALSE(exists(marker));
}

TEST_F(TmuxEscape, B_ControlABareHostClientWouldRunIt) {
  ASSERT_EQ(jailed_tmux({"new-session", "-d", "-s", "main", "sleep 600"}).status, 0);
  auto client = attach_bare();
  ASSERT_TRUE(attached(*client)) << client->output();
  const std::string marker = m_tmp / "marker-b-control";
  ASSERT_EQ(detach_exec(marker).status, 0);
  EXPECT_TRUE(eventually([&] {
    client->poll_exit();
    return exists(marker);
  }));
}

TEST_F(TmuxEscape, B_NoFakeServerCanBePlantedAtTheSocket) {
  // Sandboxed code tries to replace the confined server with its own: the socket directory
  // is read-only inside once the server's socket exists, so the socket cannot be removed.
  sandbox::UniqueFd seccomp = sandbox::export_seccomp_filter({});
  const sandbox::LaunchPlan plan = inside_plan(
      {"sh", "-c", "rm -f /tmp/tmux-$(id -u)/default && echo REMOVED"}, seccomp.get());
  sandbox::UniqueFd null_fd(::open("/dev/null", O_RDWR | O_CLOEXEC));
  const std::string log = m_tmp / "plant.log";
  sandbox::UniqueFd log_fd(::open(log.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
  const pid_t planter = sandbox::spawn_plan(plan, null_fd.get(), log_fd.get(), log_fd.get());
  seccomp.reset();
  int status = 0;
  ASSERT_EQ(::waitpid(planter, &status, 0), planter);
  EXPECT_NE(status, 0);
  EXPECT_EQ(read_file(log).find("REMOVED"), std::string::npos) << read_file(log);
  EXPECT_NE(read_file(log).find("Read-only file system"), std::string::npos) << read_file(log);
  EXPECT_EQ(jailed_tmux({"list-sessions"}).err.find("no server running"), std::string::npos);
}

TEST_F(TmuxEscape, B_HostileServerConfigurationGainsNothing) {
  // The jail owns its server: sandboxed code can give it any hook. A client attaching is
  // then told to run a command, and it runs in the client jail, never on the host.
  const std::string marker = m_tmp / "marker-hostile";
  ASSERT_EQ(jailed_tmux({"set-hook", "-g", "client-attached",
                         "detach-client -E \"touch " + marker + "\""})
                .status,
            0);
  ASSERT_EQ(jailed_tmux({"new-session", "-d", "-s", "main", "sleep 600"}).status, 0);
  auto client = attach_confined();
  EXPECT_TRUE(eventually([&] { return client->poll_exit(); })) << client->output();
  EXPECT_NE(client->output().find("touch: cannot touch '" + marker), std::string::npos);
  EXPECT_FALSE(exists(marker));
}

}  // namespace
}  // namespace sandmux::testing

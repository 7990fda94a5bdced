// `sandmux run` in a real terminal: a pane of a private host tmux server. Resize reaches
// the program (SIGWINCH and the new size), Ctrl-C reaches the program and not only bwrap,
// and a full-screen program in raw mode reads Ctrl-C as a byte.
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/integration/sandbox/sandmux_fixture.h"

namespace sandmux::testing {
namespace {

class SandmuxRunTerminal : public SandmuxFixture {
 protected:
  void SetUp() override {
    SandmuxFixture::SetUp();
    m_label = "sandmux-tty-" + std::to_string(::getpid());
    m_tmux_env = m_env;
    m_tmux_env["TERM"] = "xterm-256color";
  }
  void TearDown() override {
    tmux({"kill-server"});
    SandmuxFixture::TearDown();
  }

  ProcessResult tmux(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"tmux", "-L", m_label, "-f", "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, m_tmux_env);
  }

  /// Starts `sandmux run -- sh SCRIPT` as the only pane of an 80x24 window.
  void start(const std::string& script) {
    write_file(m_project + "/script.sh", script);
    const std::string command = "exec '" + sandmux_binary() + "' run -- sh script.sh";
    ASSERT_EQ(tmux({"new-session", "-d", "-s", "t", "-x", "80", "-y", "24", "-c", m_project,
                    "sleep 600", ";", "set-option", "-g", "remain-on-exit", "on", ";",
                    "respawn-pane", "-k", "-t", "t", "-c", m_project, command})
                  .status,
              0);
  }

  std::string screen() { return tmux({"capture-pane", "-p", "-t", "t"}).out; }
  bool screen_has(const std::string& text) {
    return eventually([&] { return screen().find(text) != std::string::npos; });
  }
  std::string pane(const std::string& format) {
    return tmux({"display-message", "-p", "-t", "t", format}).out;
  }
  bool dead() {
    return eventually([&] { return pane("#{pane_dead}") == "1\n"; });
  }
  /// "STATUS:SIGNAL" of the dead pane, once tmux knows it. tmux 3.3a marks a pane dead
  /// before it has reaped its process, and Debian's tmux can miss that SIGCHLD altogether
  /// (libutempter; see reap_nudge_command in broker/jail_manager_commands.h): each poll
  /// also runs a job, whose end makes tmux reap every child that has exited.
  std::string dead_status() {
    std::string status;
    eventually([&] {
      tmux({"run-shell", "-b", ":"});
      status = pane("#{pane_dead_status}:#{pane_dead_signal}");
      return status != ":\n";
    });
    return status;
  }

  std::string m_label;
  std::map<std::string, std::string> m_tmux_env;
};

TEST_F(SandmuxRunTerminal, ResizeReachesTheProgram) {
  start("trap 'echo \"size $(stty size)\"' WINCH\n"
        "echo \"ready $(stty size)\"\n"
        "while :; do sleep 0.1; done\n");
  ASSERT_TRUE(screen_has("ready 24 80")) << screen();
  ASSERT_EQ(tmux({"resize-window", "-t", "t", "-x", "100", "-y", "30"}).status, 0);
  EXPECT_TRUE(screen_has("size 30 100")) << screen();
}

TEST_F(SandmuxRunTerminal, CtrlCInterruptsAPlainProgramWithItsOwnStatus) {
  start("echo ready\nexec sleep 600\n");
  ASSERT_TRUE(screen_has("ready")) << screen();
  ASSERT_EQ(tmux({"send-keys", "-t", "t", "C-c"}).status, 0);
  ASSERT_TRUE(dead());
  // bwrap reports the program's death by SIGINT as 130; bwrap itself was not killed.
  EXPECT_EQ(dead_status(), "130:\n");
}

TEST_F(SandmuxRunTerminal, CtrlCReachesAProgramThatHandlesIt) {
  start("trap 'echo \"got INT\"; exit 7' INT\n"
        "echo ready\n"
        "while :; do sleep 0.1; done\n");
  ASSERT_TRUE(screen_has("ready")) << screen();
  ASSERT_EQ(tmux({"send-keys", "-t", "t", "C-c"}).status, 0);
  ASSERT_TRUE(dead());
  EXPECT_NE(screen().find("got INT"), std::string::npos) << screen();
  EXPECT_EQ(dead_status(), "7:\n");
}

TEST_F(SandmuxRunTerminal, FullScreenProgramReadsCtrlCAsAByte) {
  start("stty raw -echo\n"
        "printf 'ready\\r\\n'\n"
        "byte=$(head -c 1 | od -An -tx1)\n"
        "stty sane\n"
        "echo \"byte$byte\"\n"
        "exit 3\n");
  ASSERT_TRUE(screen_has("ready")) << screen();
  ASSERT_EQ(tmux({"send-keys", "-t", "t", "C-c"}).status, 0);
  ASSERT_TRUE(dead());
  EXPECT_NE(screen().find("byte 03"), std::string::npos) << screen();
  EXPECT_EQ(dead_status(), "3:\n");
}

}  // namespace
}  // namespace sandmux::testing

// `sandmux attach` as a human uses it: an outer private tmux server (tmux -L test-PID)
// runs `sandmux attach NAME` in its panes; send-keys types, capture-pane shows what the
// human sees. Two attaches look at two windows; --read-only ignores typing; and a jail
// that tells the attached client `detach-client -E 'touch HOSTFILE'` creates nothing on
// the host, because the client runs in the confined client jail.
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/integration/broker/e2e_fixture.h"

namespace sandmux::testing {
namespace {

class AttachE2e : public SandmuxE2e {
 protected:
  void SetUp() override {
    SandmuxE2e::SetUp();
    m_label = "test-" + std::to_string(::getpid());
    m_outer_env = m_env;
    m_outer_env["TMUX_TMPDIR"] = m_tmp.path();
    ASSERT_EQ(outer({"new-session", "-d", "-s", "outer", "-x", "120", "-y", "40", "sleep 600",
                     ";", "set-option", "-g", "remain-on-exit", "on"})
                  .status,
              0);
  }
  void TearDown() override {
    outer({"kill-server"});
    SandmuxE2e::TearDown();
  }

  ProcessResult outer(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"tmux", "-L", m_label, "-f", "/dev/null"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, m_outer_env, m_project);
  }

  /// A new outer window named WINDOW running `sandmux attach ARGS...`.
  void attach(const std::string& window, const std::vector<std::string>& args) {
    std::string command = "exec '" + sandmux_binary() + "' attach";
    for (const std::string& arg : args) command += " " + arg;
    ASSERT_EQ(outer({"new-window", "-d", "-t", "outer:", "-n", window, "-c", m_project, command})
                  .status,
              0);
  }
  std::string screen(const std::string& window) {
    return outer({"capture-pane", "-p", "-t", "outer:" + window}).out;
  }
  bool screen_shows(const std::string& window, const std::string& text) {
    return eventually([&] { return screen(window).find(text) != std::string::npos; });
  }
  void type(const std::string& window, const std::string& text) {
    ASSERT_EQ(outer({"send-keys", "-t", "outer:" + window, "-l", text}).status, 0);
    ASSERT_EQ(outer({"send-keys", "-t", "outer:" + window, "Enter"}).status, 0);
  }
  bool pane_dead(const std::string& window) {
    return eventually([&] {
      return outer({"display-message", "-p", "-t", "outer:" + window, "#{pane_dead}"}).out == "1\n";
    });
  }

  std::string m_label;
  std::map<std::string, std::string> m_outer_env;
};

TEST_F(AttachE2e, TypingReachesTheSessionAndTheScreenShowsIt) {
  new_session({"-n", "w1", "--", "sh", "-c", "echo first-window; cat"});
  attach("a1", {"w1"});
  ASSERT_TRUE(screen_shows("a1", "first-window")) << screen("a1");
  type("a1", "typed-by-human");
  EXPECT_TRUE(screen_has("w1", "typed-by-human"));
  EXPECT_TRUE(screen_shows("a1", "typed-by-human")) << screen("a1");
}

TEST_F(AttachE2e, ASecondAttachLooksAtAnotherWindow) {
  new_session({"-n", "w1", "--", "sh", "-c", "echo first-window; cat"});
  new_session({"-n", "w2", "--", "sh", "-c", "echo second-window; cat"});
  attach("a1", {"w1"});
  attach("a2", {"w2"});
  ASSERT_TRUE(screen_shows("a1", "first-window")) << screen("a1");
  ASSERT_TRUE(screen_shows("a2", "second-window")) << screen("a2");
  type("a2", "to-two");
  EXPECT_TRUE(screen_has("w2", "to-two"));
  EXPECT_EQ(screen("a1").find("second-window"), std::string::npos) << screen("a1");
}

TEST_F(AttachE2e, ReadOnlyIgnoresTyping) {
  new_session({"-n", "w1", "--", "sh", "-c", "echo first-window; cat"});
  attach("ro", {"--read-only", "w1"});
  attach("rw", {"w1"});
  ASSERT_TRUE(screen_shows("ro", "first-window")) << screen("ro");
  ASSERT_TRUE(screen_shows("rw", "first-window")) << screen("rw");
  type("ro", "ignored-text");
  type("rw", "after-marker");
  ASSERT_TRUE(screen_has("w1", "after-marker"));
  EXPECT_TRUE(screen_shows("ro", "after-marker")) << screen("ro");
  EXPECT_EQ(sandmux({"capture", "w1"}).out.find("ignored-text"), std::string::npos);
}

TEST_F(AttachE2e, DetachExecRunsNothingOnTheHost) {
  const std::string hostfile = m_tmp / "escaped";
  write_file(m_project + "/escape.sh",
             "tmux list-clients -F '#{client_name} #{session_name}' | while read c s; do\n"
             "  case $s in sandmux-attach-*) tmux detach-client -t \"$c\" -E 'touch " +
                 hostfile + "; tmux -S /tmp/tmux-$(id -u)/default set-option -g @ran_here yes' ;; esac\n"
             "done\n");
  new_session({"-n", "shell", "--", "sh"});
  new_session({"-n", "w1", "--", "sh", "-c", "echo first-window; cat"});
  attach("a1", {"w1"});
  ASSERT_TRUE(screen_shows("a1", "first-window")) << screen("a1");
  ASSERT_EQ(sandmux({"send", "shell", "sh " + m_project + "/escape.sh"}).status, 0);
  ASSERT_TRUE(pane_dead("a1")) << screen("a1");  // the client got the detach and exited
  EXPECT_FALSE(exists(hostfile));
  // The command did run, in the client jail: it sees nothing of the host but the jail's
  // socket (its directory read-only), and told the jail's server so.
  EXPECT_TRUE(eventually([&] {
    return sandmux({"run", "--", "tmux", "show-options", "-gv", "@ran_here"}).out == "yes\n";
  }));
}

// Disabled until the daemon checks %window-close: when a grouped attach session is
// destroyed (detach), tmux 3.3a sends the broker's control client "%window-close @N" for
// every window of the group although they stay linked to the "sandmux" session, and
// JailManager::on_notification marks those sessions lost. Enable once it confirms the
// window is really gone (e.g. with list-windows) before marking the session lost.
TEST_F(AttachE2e, DetachingLeavesTheSessionRunning) {
  new_session({"-n", "w1", "--", "sh", "-c", "echo first-window; cat"});
  attach("a1", {"w1"});
  ASSERT_TRUE(screen_shows("a1", "first-window")) << screen("a1");
  ASSERT_EQ(outer({"send-keys", "-t", "outer:a1", "C-b", "d"}).status, 0);
  ASSERT_TRUE(pane_dead("a1")) << screen("a1");
  EXPECT_NE(session("w1").at("state").as_string(), "lost");
  ASSERT_EQ(sandmux({"send", "w1", "after-detach"}).status, 0);
  EXPECT_TRUE(screen_has("w1", "after-detach"));
}

TEST_F(AttachE2e, TheWindowFollowsTheTerminalSize) {
  new_session({"-n", "sized", "--size", "200x50", "--", "sh", "-c",
               "trap 'echo size $(stty size)' WINCH; echo ready; while :; do sleep 0.1; done"});
  attach("a1", {"sized"});
  ASSERT_TRUE(screen_shows("a1", "size 39 120")) << screen("a1");  // a row for the status line
  ASSERT_EQ(outer({"resize-window", "-t", "outer:a1", "-x", "100", "-y", "30"}).status, 0);
  EXPECT_TRUE(screen_shows("a1", "size 29 100")) << screen("a1");
}

TEST_F(AttachE2e, AttachNeedsATerminal) {
  new_session({"-n", "w1", "--", "cat"});
  const ProcessResult result = sandmux({"attach", "w1"});
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err, "sandmux: attach: needs a terminal (stdin and stdout must be a tty)\n");
}

}  // namespace
}  // namespace sandmux::testing

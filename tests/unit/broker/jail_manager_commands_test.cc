#include "broker/jail_manager_commands.h"

#include <gtest/gtest.h>

#include "sandbox/jail_paths.h"

namespace sandmux::broker {
namespace {

Session sample() {
  Session s;
  s.name = "fixer";
  s.id = make_session_id(0x1234);
  s.profile = "default";
  s.project = "/src/app";
  s.created = "2026-11-21T11:05:52Z";
  s.command = {"opencode", "--model", "x y"};
  s.size = {120, 40};
  return s;
}

TEST(JailCommands, NewWindowPassesArgvAndEscapesFormats) {
  Session s = sample();
  s.project = "/src/#{pane_pid}";
  const auto line = new_window_command(s, {"A=1"});
  ASSERT_TRUE(line) << line.error;
  EXPECT_EQ(line.value->text(),
            "new-window -d -P -F '#{window_id} #{pane_id} #{pane_pid}' -t =sandmux: -n fixer "
            "-c '/src/##{pane_pid}' -e A=1 -- opencode --model 'x y'");
}

TEST(JailCommands, SingleWordCommandIsExecutedNotInterpretedByAShell) {
  Session s = sample();
  s.command = {"echo hi; rm -rf ~"};
  const auto line = new_window_command(s, {});
  ASSERT_TRUE(line) << line.error;
  EXPECT_NE(line.value->text().find("/bin/sh -c 'exec \"$0\"' 'echo hi; rm -rf ~'"), std::string::npos)
      << line.value->text();
}

TEST(JailCommands, EmptyCommandLeavesTheShellToTmux) {
  Session s = sample();
  s.command.clear();
  const auto line = new_window_command(s, {});
  ASSERT_TRUE(line);
  const std::string& text = line.value->text();
  EXPECT_EQ(text.substr(text.size() - 11), "-c /src/app") << text;
}

TEST(JailCommands, NewWindowReplyIsReadStrictly) {
  const auto reply = parse_new_window_reply("@3 %7 1234");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->window, 3u);
  EXPECT_EQ(reply->pane, 7u);
  EXPECT_EQ(reply->pid, 1234);
  for (const char* bad : {"", "@3 %7", "3 %7 1", "@3 %7 1 extra", "@x %7 1", "@3 %7 1x"}) {
    EXPECT_FALSE(parse_new_window_reply(bad)) << bad;
  }
}

TEST(JailCommands, IdentityIsStoredInWindowOptionsAndTheSizeSet) {
  const auto line = identity_command(4, sample());
  ASSERT_TRUE(line) << line.error;
  const std::string& text = line.value->text();
  EXPECT_NE(text.find("set-option -w -t @4 @sandmux_name fixer"), std::string::npos) << text;
  EXPECT_NE(text.find("@sandmux_command '[\"opencode\",\"--model\",\"x y\"]'"), std::string::npos) << text;
  EXPECT_NE(text.find("set-option -w -t @4 window-size manual ; resize-window -t @4 -x 120 -y 40"),
            std::string::npos)
      << text;
  EXPECT_EQ(line.value->commands(), 8u);
}

TEST(JailCommands, IdentityReadsBackWhatWasStored) {
  const Session s = sample();
  const std::string jail = sandbox::jail_name(s.profile, s.project);
  const std::vector<std::string> lines = {s.id, s.name, s.profile, s.project, s.created,
                                          "[\"opencode\",\"--model\",\"x y\"]"};
  const auto back = parse_identity(lines, jail);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, s.name);
  EXPECT_EQ(back->id, s.id);
  EXPECT_EQ(back->command, s.command);
}

TEST(JailCommands, IdentityOfAnotherJailOrTamperedIsRefused) {
  const Session s = sample();
  const std::string jail = sandbox::jail_name(s.profile, s.project);
  std::vector<std::string> lines = {s.id, s.name, s.profile, s.project, s.created, "[]"};
  EXPECT_FALSE(parse_identity(lines, sandbox::jail_name("default", "/other")));
  auto with = [&](std::size_t i, std::string value) {
    auto copy = lines;
    copy[i] = std::move(value);
    return parse_identity(copy, jail);
  };
  EXPECT_FALSE(with(0, "not-an-id"));
  EXPECT_FALSE(with(1, "a;b"));
  EXPECT_FALSE(with(5, "{\"not\":\"an array\"}"));
  EXPECT_FALSE(with(5, "[1]"));
  lines.pop_back();
  EXPECT_FALSE(parse_identity(lines, jail)) << "a value with a newline shifts the lines";
}

TEST(JailCommands, WindowLinesAndPaneStatesAreNumbersOnly) {
  const auto w = parse_window_line("@2 %5 99 1 3  200 50");
  ASSERT_TRUE(w);
  EXPECT_TRUE(w->dead);
  EXPECT_EQ(w->dead_status, 3);
  EXPECT_EQ(w->size, (WindowSize{200, 50}));
  EXPECT_EQ(parse_window_line("@2 %5 99 1  9 200 50")->dead_status, 137);
  const auto live = parse_window_line("@2 %5 99 0   80 24");
  ASSERT_TRUE(live);
  EXPECT_FALSE(live->dead_status);
  EXPECT_FALSE(parse_window_line("@2 %5 99 0  80 24"));
  const auto p = parse_pane_state("1 127  42");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->dead);
  EXPECT_EQ(p->status, 127);
  EXPECT_EQ(parse_pane_state("1  15 42")->status, 128 + 15) << "killed by SIGTERM";
  EXPECT_FALSE(parse_pane_state("1   42")->status) << "dead, not reaped yet";
  EXPECT_FALSE(parse_pane_state("1 127 42"));
}

TEST(JailCommands, KeyNamesArePlausibleTmuxKeysOnly) {
  for (const char* good : {"C-c", "Enter", "Up", "M-Left", "C-M-x", "F5", "F12", "a", ";", "-", "BSpace"}) {
    EXPECT_FALSE(key_name_error(good)) << good;
  }
  for (const char* bad : {"", "C-", "hello", "F13", "Enter;kill-server", "a b", "\n", "C-c C-c"}) {
    EXPECT_TRUE(key_name_error(bad)) << bad;
  }
  EXPECT_EQ(*key_name_error("hello"),
            "invalid key 'hello': expected a tmux key name such as C-c, Enter, Up, F5 or one character");
  const auto line = send_keys_command(3, {"C-c", "-", "Enter"});
  ASSERT_TRUE(line);
  EXPECT_EQ(line.value->text(), "send-keys -t %3 -- C-c - Enter");
}

TEST(JailCommands, PlainTextStaysPlain) {
  const auto line = send_text_command(1, "hello world", false);
  ASSERT_TRUE(line);
  EXPECT_EQ(line.value->text(), "send-keys -l -t %1 'hello world'");
}

TEST(JailCommands, MultiLineTextIsPastedWithCarriageReturnsAndBracketsWhenEnabled) {
  const auto plain = send_text_command(1, "a\nb\r\nc", false);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain.value->text(),
            "send-keys -l -t %1 a ; send-keys -H -t %1 0d ; send-keys -l -t %1 b ; "
            "send-keys -H -t %1 0d ; send-keys -l -t %1 c");
  const auto bracketed = send_text_command(1, "a\nb", true);
  ASSERT_TRUE(bracketed);
  EXPECT_EQ(bracketed.value->text(),
            "send-keys -H -t %1 1b ; send-keys -l -t %1 '[200~a' ; send-keys -H -t %1 0d ; "
            "send-keys -l -t %1 b ; send-keys -H -t %1 1b ; send-keys -l -t %1 '[201~'");
}

TEST(JailCommands, TheBrokersClientGoesBackToTheSandmuxSession) {
  EXPECT_EQ(return_to_sandmux_command().text(), "switch-client -t =sandmux");
}

TEST(JailCommands, TheReapNudgeIsABackgroundJobThatDoesNothing) {
  EXPECT_EQ(reap_nudge_command().text(), "run-shell -b :");
}

TEST(JailCommands, CaptureAndKillTargetThePaneAndWindow) {
  EXPECT_EQ(capture_command(2, false, false).text(), "capture-pane -p -t %2");
  EXPECT_EQ(capture_command(2, true, true).text(), "capture-pane -p -t %2 -e -S- -E-");
  EXPECT_EQ(kill_window_command(9).text(), "kill-window -t @9");
}

TEST(JailCommands, DroppedFinalOutputIsRecoveredFromTheScreen) {
  const std::vector<std::string> screen = {"go", "bye", "", "", "Pane is dead (status 0, Sat Nov 21)", ""};
  EXPECT_EQ(missing_screen_tail("go\r\n", screen), "bye\r\n");
  EXPECT_EQ(missing_screen_tail("", screen), "go\r\nbye\r\n");
  EXPECT_EQ(missing_screen_tail("go\r\nbye\r\n", screen), "");
}

TEST(JailCommands, RecoveryComparesWithoutEscapesOrTrailingBlanks) {
  EXPECT_EQ(missing_screen_tail("\x1b[1;31mred\x1b[0m\r\n", {"red      ", "next"}), "next\r\n");
  EXPECT_EQ(missing_screen_tail("\x1b]0;title\x07" "done\r\n", {"done"}), "");
  EXPECT_EQ(missing_screen_tail("anything", {"", "  "}), "");
}

}  // namespace
}  // namespace sandmux::broker

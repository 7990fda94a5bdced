#include "sandbox/environment.h"

#include <gtest/gtest.h>

namespace sandmux::sandbox {
namespace {

EnvMap caller() {
  return {
      {"PATH", "/usr/bin:/bin"},
      {"HOME", "/home/u"},
      {"USER", "u"},
      {"LANG", "C.UTF-8"},
      {"LC_ALL", "C.UTF-8"},
      {"LC_TIME", "en_DK.UTF-8"},
      {"TERM", "xterm-256color"},
      {"COLORTERM", "truecolor"},
      {"TZ", "Europe/Paris"},
      {"LD_PRELOAD", "/tmp/evil.so"},
      {"LD_LIBRARY_PATH", "/tmp"},
      {"SSH_AUTH_SOCK", "/run/user/1000/ssh"},
      {"DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus"},
      {"DISPLAY", ":0"},
      {"WAYLAND_DISPLAY", "wayland-0"},
      {"TMUX", "/tmp/tmux-1000/default,5617,0"},
      {"TMUX_PANE", "%0"},
      {"XDG_RUNTIME_DIR", "/run/user/1000"},
      {"ANTHROPIC_API_KEY", "secret"},
      {"OPENCODE_X", "1"},
      {"OPENCODE_Y", "2"},
  };
}

TEST(Environment, DefaultAllowlistAndNothingElse) {
  const EnvMap env = build_environment(caller(), {{}, {}, "/home/u", false});
  const EnvMap expected = {
      {"COLORTERM", "truecolor"}, {"HOME", "/home/u"},       {"LANG", "C.UTF-8"},
      {"LC_ALL", "C.UTF-8"},      {"LC_TIME", "en_DK.UTF-8"}, {"PATH", "/usr/bin:/bin"},
      {"TERM", "xterm-256color"}, {"TZ", "Europe/Paris"},     {"USER", "u"},
  };
  EXPECT_EQ(env, expected);
}

TEST(Environment, NeverPassedUnlessNamed) {
  const char* never[] = {"LD_PRELOAD", "LD_LIBRARY_PATH", "SSH_AUTH_SOCK",
                         "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY",
                         "TMUX", "TMUX_PANE", "XDG_RUNTIME_DIR", "ANTHROPIC_API_KEY"};
  const EnvMap env = build_environment(caller(), {{}, {}, "/home/u", true});
  for (const char* name : never) EXPECT_FALSE(env.contains(name)) << name;
  const EnvMap named = build_environment(caller(), {{"SSH_AUTH_SOCK", "LD_PRELOAD"}, {}, "/h", false});
  EXPECT_EQ(named.at("SSH_AUTH_SOCK"), "/run/user/1000/ssh");
  EXPECT_EQ(named.at("LD_PRELOAD"), "/tmp/evil.so");
  EXPECT_FALSE(named.contains("LD_LIBRARY_PATH"));
}

TEST(Environment, PrefixPatternPassesItsFamilyOnly) {
  const EnvMap env = build_environment(caller(), {{"OPENCODE_*"}, {}, "/h", false});
  EXPECT_EQ(env.at("OPENCODE_X"), "1");
  EXPECT_EQ(env.at("OPENCODE_Y"), "2");
  EXPECT_FALSE(env.contains("ANTHROPIC_API_KEY"));
}

TEST(Environment, GitVariablesNeverPassButTheIdentityMay) {
  EnvMap with_git = caller();
  with_git.insert({{"GIT_DIR", "/tmp/evil"},
                   {"GIT_CONFIG_COUNT", "1"},
                   {"GIT_CONFIG_KEY_0", "core.fsmonitor"},
                   {"GIT_SSH_COMMAND", "touch /tmp/x"},
                   {"GIT_AUTHOR_NAME", "A"},
                   {"GIT_COMMITTER_EMAIL", "c@example.org"}});
  const EnvMap env =
      build_environment(with_git, {{"GIT_*", "GIT_DIR"}, {{"GIT_PAGER", "cat"}}, "/h", false});
  EXPECT_FALSE(env.contains("GIT_DIR"));
  EXPECT_FALSE(env.contains("GIT_CONFIG_COUNT"));
  EXPECT_FALSE(env.contains("GIT_CONFIG_KEY_0"));
  EXPECT_FALSE(env.contains("GIT_SSH_COMMAND"));
  EXPECT_EQ(env.at("GIT_AUTHOR_NAME"), "A");
  EXPECT_EQ(env.at("GIT_COMMITTER_EMAIL"), "c@example.org");
  EXPECT_EQ(env.at("GIT_PAGER"), "cat");  // a profile's own fixed value still applies
}

TEST(Environment, TermPassesByteForByte) {
  const std::string torture[] = {"xterm-256color", "", "screen.xterm-256color",
                                 "weird=value with spaces\tand\x1b[31m", "\xc3\xa9t\xc3\xa9"};
  for (const std::string& term : torture) {
    const EnvMap env = build_environment({{"TERM", term}}, {{}, {}, "/h", false});
    EXPECT_EQ(env.at("TERM"), term);
  }
  EXPECT_FALSE(build_environment({}, {{}, {}, "/h", false}).contains("TERM"));
}

TEST(Environment, HomeIsTheSandboxHomeAndSetWinsLast) {
  EnvRequest request{{}, {{"OPENCODE_AUTO_SHARE", "false"}, {"TERM", "dumb"}}, "/home/u", true};
  const EnvMap env = build_environment({{"HOME", "/elsewhere"}, {"TERM", "xterm"}}, request);
  EXPECT_EQ(env.at("HOME"), "/home/u");
  EXPECT_EQ(env.at("OPENCODE_AUTO_SHARE"), "false");
  EXPECT_EQ(env.at("TERM"), "dumb");
  EXPECT_EQ(env.at("TMUX_TMPDIR"), "/tmp");
  EXPECT_EQ(env.at("PATH"), kDefaultPath);
}

TEST(Environment, ParseEnvironFirstWinsAndValuesKeepEquals) {
  const char* envp[] = {"A=1", "A=2", "B=x=y", "NOEQUALS", "=nameless", "C=", nullptr};
  const EnvMap env = parse_environ(envp);
  EXPECT_EQ(env, (EnvMap{{"A", "1"}, {"B", "x=y"}, {"C", ""}}));
}

TEST(Environment, ToEnvironIsSortedNameEqualsValue) {
  EXPECT_EQ(to_environ({{"B", "2"}, {"A", "1=1"}}), (std::vector<std::string>{"A=1=1", "B=2"}));
}

}  // namespace
}  // namespace sandmux::sandbox

// config.toml: defaults, the two keys, and every message whole.
#include "config/settings.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace sandmux::config {
namespace {

std::string errors_of(const Result<Settings>& result) {
  std::string out;
  for (const Diagnostic& error : result.errors) out += error.str() + "\n";
  return out;
}

TEST(Settings, EmptyFileGivesTheDefaults) {
  Result<Settings> settings = parse_settings("", "config.toml");
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings.value->default_profile, "default");
  EXPECT_EQ(settings.value->socket_dir_base, "");
  EXPECT_EQ(settings.value->idle_seconds, 2.0);
  EXPECT_FALSE(settings.value->allow_clipboard);
  EXPECT_EQ(settings.value->jail_grace_seconds, 60.0);
  EXPECT_EQ(settings.value->jail_timeout_seconds, 10.0);
}

TEST(Settings, JailTimeoutSecondsIsBounded) {
  EXPECT_EQ(parse_settings("jail_timeout_seconds = 2.5\n", "c.toml").value->jail_timeout_seconds,
            2.5);
  EXPECT_EQ(parse_settings("jail_timeout_seconds = 0\n", "c.toml").errors.front().str(),
            "c.toml:1:24: 'jail_timeout_seconds' must be between 0.5 and 3600");
}

TEST(Settings, JailGraceSecondsIsBounded) {
  EXPECT_EQ(parse_settings("jail_grace_seconds = 5\n", "c.toml").value->jail_grace_seconds, 5.0);
  EXPECT_EQ(parse_settings("jail_grace_seconds = 0.5\n", "c.toml").errors.front().str(),
            "c.toml:1:22: 'jail_grace_seconds' must be between 1 and 604800");
  EXPECT_EQ(parse_settings("jail_grace_seconds = \"1m\"\n", "c.toml").errors.front().str(),
            "c.toml:1:22: 'jail_grace_seconds' must be a number");
}

TEST(Settings, AllowClipboardIsABoolean) {
  EXPECT_TRUE(parse_settings("allow_clipboard = true\n", "c.toml").value->allow_clipboard);
  EXPECT_FALSE(parse_settings("allow_clipboard = false\n", "c.toml").value->allow_clipboard);
}

TEST(Settings, IdleSecondsTakesIntegersAndFractions) {
  EXPECT_EQ(parse_settings("idle_seconds = 30\n", "c.toml").value->idle_seconds, 30.0);
  EXPECT_EQ(parse_settings("idle_seconds = 0.5\n", "c.toml").value->idle_seconds, 0.5);
}

TEST(Settings, ReadsBothKeys) {
  Result<Settings> settings = parse_settings(
      "default_profile = \"opencode\"\nsocket_dir_base = \"/run/user/1000//sm/\"\n", "config.toml");
  ASSERT_TRUE(settings) << errors_of(settings);
  EXPECT_EQ(settings.value->default_profile, "opencode");
  EXPECT_EQ(settings.value->socket_dir_base, "/run/user/1000/sm");
}

struct Case {
  const char* text;
  const char* errors;
};

TEST(Settings, Errors) {
  const Case cases[] = {
      {"default_profil = \"x\"\n",
       "c.toml:1:1: unknown key 'default_profil' (did you mean 'default_profile'?)\n"},
      {"[ui]\ncolor = true\n",
       "c.toml:1:2: unknown table 'ui' (expected one of: default_profile, socket_dir_base, "
       "idle_seconds, allow_clipboard, allow_projects, jail_grace_seconds, jail_timeout_seconds)\n"},
      {"allow_clipboard = 1\n", "c.toml:1:19: 'allow_clipboard' must be a boolean\n"},
      {"idle_seconds = \"2\"\n", "c.toml:1:16: 'idle_seconds' must be a number\n"},
      {"idle_seconds = 0\n", "c.toml:1:16: 'idle_seconds' must be between 0.1 and 86400\n"},
      {"idle_seconds = -1.5\n", "c.toml:1:16: 'idle_seconds' must be between 0.1 and 86400\n"},
      {"idle_seconds = nan\n", "c.toml:1:16: 'idle_seconds' must be between 0.1 and 86400\n"},
      {"idle_seconds = inf\n", "c.toml:1:16: 'idle_seconds' must be between 0.1 and 86400\n"},
      {"idle_seconds = 86401\n", "c.toml:1:16: 'idle_seconds' must be between 0.1 and 86400\n"},
      {"idle_second = 1\n",
       "c.toml:1:1: unknown key 'idle_second' (did you mean 'idle_seconds'?)\n"},
      {"default_profile = 1\n", "c.toml:1:19: 'default_profile' must be a string\n"},
      {"default_profile = \"a/b\"\n",
       "c.toml:1:19: invalid profile name 'a/b' (expected [A-Za-z0-9_-]+, at most 64 "
       "characters)\n"},
      {"socket_dir_base = \"run/sm\"\n", "c.toml:1:19: path 'run/sm' is not absolute\n"},
      {"socket_dir_base = \"/run/../tmp\"\n",
       "c.toml:1:19: path '/run/../tmp' contains a '..' component\n"},
      {"socket_dir_base = \"-/x\"\n",
       "c.toml:1:19: path '-/x' starts with '-' and would be read as an option\n"},
      {"socket_dir_base = \"/x\\ny\"\n",
       "c.toml:1:19: path '/x\\ny' contains a control character\n"},
      {"socket_dir_base = \"~/x\"\n", "c.toml:1:19: path '~/x' is not absolute\n"},
      {"default_profile = \"a\"\nsocket_dir_base = 3\nx = 1\n",
       "c.toml:2:19: 'socket_dir_base' must be a string\n"
       "c.toml:3:1: unknown key 'x' (expected one of: default_profile, socket_dir_base, "
       "idle_seconds, allow_clipboard, allow_projects, jail_grace_seconds, jail_timeout_seconds)\n"},
      {"allow_projects = [\"rel/x\", \"~/../etc\"]\n",
       "c.toml:1:19: path 'rel/x' is not absolute\n"
       "c.toml:1:28: path '~/../etc' contains a '..' component\n"},
      {"default_profile = \n",
       "c.toml:1:19: error while parsing key-value pair: expected value, "
       "saw '\\n'\n"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(errors_of(parse_settings(c.text, "c.toml")), c.errors) << c.text;
}

TEST(Settings, AllowProjectsKeepsTheTildeAndNormalises) {
  Result<Settings> settings =
      parse_settings("allow_projects = [\"~/.config/foo/\", \"/srv//x\", \"~\"]\n", "c.toml");
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings.value->allow_projects,
            (std::vector<std::string>{"~/.config/foo", "/srv/x", "~"}));
}

TEST(Settings, MissingFileGivesTheDefaults) {
  Result<Settings> settings = load_settings("/tmp/sandmux-config-test-no-such/config.toml");
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings.value->default_profile, "default");
}

TEST(Settings, LoadsAFile) {
  char pattern[] = "/tmp/sandmux-config-test-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  std::string dir = pattern;
  std::ofstream(dir + "/config.toml") << "default_profile = \"offline\"\n";
  std::ofstream(dir + "/bad.toml") << "defualt_profile = \"offline\"\n";
  Result<Settings> settings = load_settings(dir + "/config.toml");
  Result<Settings> bad = load_settings(dir + "/bad.toml");
  std::filesystem::create_directory(dir + "/dir.toml");
  Result<Settings> directory = load_settings(dir + "/dir.toml");
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  ASSERT_TRUE(settings) << errors_of(settings);
  EXPECT_EQ(settings.value->default_profile, "offline");
  EXPECT_EQ(
      errors_of(bad),
      dir + "/bad.toml:1:1: unknown key 'defualt_profile' (did you mean 'default_profile'?)\n");
  EXPECT_EQ(errors_of(directory), dir + "/dir.toml: not a regular file\n");
}

}  // namespace
}  // namespace sandmux::config

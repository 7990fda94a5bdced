// to_toml: the resolved profile as TOML, which parses back to the same profile.
#include "config/profile_format.h"

#include <gtest/gtest.h>

#include "config/memory_source.h"
#include "config/profile_parser.h"
#include "config/profile_resolver.h"
#include "config/profile_store.h"

namespace sandmux::config {
namespace {

ExpandContext fake_context() {
  return ExpandContext{"/home/u", "/home/u/src/app", "/run/user/1000", 1000};
}

std::string errors_of(const Result<Profile>& result) {
  std::string out;
  for (const Diagnostic& error : result.errors) out += error.str() + "\n";
  return out;
}

void expect_same(const Profile& a, const Profile& b) {
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.ro, b.ro);
  EXPECT_EQ(a.rw, b.rw);
  EXPECT_EQ(a.tmpfs, b.tmpfs);
  EXPECT_EQ(a.create, b.create);
  EXPECT_EQ(a.env_pass, b.env_pass);
  EXPECT_EQ(a.env_set, b.env_set);
  EXPECT_EQ(a.network, b.network);
  EXPECT_EQ(a.seccomp_deny, b.seccomp_deny);
  EXPECT_EQ(a.expose_host_socket, b.expose_host_socket);
  EXPECT_EQ(a.git_writable_metadata, b.git_writable_metadata);
}

// Resolves TOML as the user profile "shown", with no parents available.
Result<Profile> reparse(const std::string& toml) {
  MemorySource source;
  source.add_user("shown", toml);
  return resolve_profile("shown", source, fake_context());
}

TEST(ProfileFormat, EveryBuiltinRoundTrips) {
  ProfileStore store("");
  for (const std::string& name : store.names()) {
    Result<Profile> profile = resolve_profile(name, store, fake_context());
    ASSERT_TRUE(profile) << errors_of(profile);
    std::string toml = to_toml(*profile.value);
    Result<Profile> again = reparse(toml);
    ASSERT_TRUE(again) << errors_of(again) << toml;
    expect_same(*profile.value, *again.value);
  }
}

TEST(ProfileFormat, AwkwardValuesRoundTrip) {
  MemorySource source;
  source.add_user("base", "[filesystem]\nro = [\"/usr\"]\n");
  source.add_user("odd", R"(extends = "base"
description = "quotes \" and \\ and 'single' and ünïcode"
[filesystem]
ro = ["/a b/c?", "/with\"quote", "/what?/", "/huh??"]
rw = ["{project}", "/srv/data"]
tmpfs = ["/scratch"]
create = ["/srv/data/new"]
[env]
pass = ["TERM"]
[env.set]
NEWLINE = "a\nb"
CONTROL = "\u0001\u007f\t"
DASH = "--bind / /"
EMPTY = ""
[network]
mode = "none"
[seccomp]
deny = ["ptrace", "bpf"]
[tmux]
expose_host_socket = true
[git]
writable_metadata = true
)");
  Result<Profile> profile = resolve_profile("odd", source, fake_context());
  ASSERT_TRUE(profile) << errors_of(profile);
  std::string toml = to_toml(*profile.value);
  Result<Profile> again = reparse(toml);
  ASSERT_TRUE(again) << errors_of(again) << toml;
  expect_same(*profile.value, *again.value);
}

TEST(ProfileFormat, WritesEverySectionWithTheChainInAComment) {
  Profile profile;
  profile.name = "offline";
  profile.chain = {"offline", "default"};
  profile.description = "d";
  profile.ro = {PathGrant{"/usr", false, {}}, PathGrant{"/opt", true, {}}};
  profile.env_set = {{"A", "x\"y"}};
  profile.network = NetworkMode::none;
  EXPECT_EQ(to_toml(profile),
            "# profile offline (extends default), fully resolved\n"
            "description = \"d\"\n"
            "\n[filesystem]\n"
            "ro = [\"/usr\", \"/opt?\"]\n"
            "rw = []\n"
            "tmpfs = []\n"
            "create = []\n"
            "\n[env]\n"
            "pass = []\n"
            "\n[env.set]\n"
            "A = \"x\\\"y\"\n"
            "\n[network]\n"
            "mode = \"none\"\n"
            "\n[seccomp]\n"
            "deny = []\n"
            "\n[tmux]\n"
            "expose_host_socket = false\n"
            "\n[git]\n"
            "# git metadata read-only: host git runs nothing a sandbox wrote (hooks, config,\n"
            "# commondir), but `git add` and `git commit` fail inside (read-only .git).\n"
            "writable_metadata = false\n");
}

TEST(ProfileFormat, WritableGitMetadataNamesItsRisk) {
  Profile profile;
  profile.git_writable_metadata = true;
  EXPECT_NE(to_toml(profile).find(
                "# RISK: git metadata writable, so commits work inside; hooks, config and the "
                "paths git\n"
                "# reads stay read-only, but a sandbox can still create .git/commondir (or a new\n"
                "# nested .git) that host git in this project will trust and run code from.\n"
                "writable_metadata = true\n"),
            std::string::npos)
      << to_toml(profile);
}

TEST(ProfileFormat, TomlStringEscapes) {
  EXPECT_EQ(toml_string("plain"), "\"plain\"");
  EXPECT_EQ(toml_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(toml_string("\n\t\x01\x7f"), "\"\\n\\t\\u0001\\u007F\"");
  EXPECT_EQ(toml_string("ü"), "\"ü\"");
}

}  // namespace
}  // namespace sandmux::config

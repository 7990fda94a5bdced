// The embedded built-in profiles: each resolves cleanly, and grants exactly its set.
#include <gtest/gtest.h>

#include <string>

#include "config/host_executed.h"
#include "config/profile_resolver.h"
#include "config/profile_store.h"

namespace sandmux::config {
namespace {

using Strings = std::vector<std::string>;

ExpandContext fake_context() {
  return ExpandContext{"/home/u", "/home/u/src/app", "/run/user/1000", 1000};
}

Strings paths(const std::vector<PathGrant>& grants) {
  Strings out;
  for (const PathGrant& grant : grants) out.push_back(grant.path + (grant.optional ? "?" : ""));
  return out;
}

Profile resolve_builtin(const std::string& name) {
  ProfileStore store("");
  Result<Profile> profile = resolve_profile(name, store, fake_context());
  std::string errors;
  for (const Diagnostic& error : profile.errors) errors += error.str() + "\n";
  EXPECT_TRUE(profile) << errors;
  return profile ? *profile.value : Profile{};
}

TEST(BuiltinProfiles, AreDefaultOfflineAndOpencode) {
  Strings names;
  for (const ProfileText& text : builtin_profiles()) {
    names.push_back(text.name);
    EXPECT_TRUE(text.builtin);
    EXPECT_EQ(text.filename, "<builtin>/" + text.name + ".toml");
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (Strings{"default", "offline", "opencode"}));
}

TEST(BuiltinProfiles, DefaultGrantsTheProjectAndTheSystemReadOnly) {
  Profile profile = resolve_builtin("default");
  EXPECT_EQ(profile.chain, Strings{"default"});
  EXPECT_FALSE(profile.description.empty());
  EXPECT_EQ(paths(profile.ro), (Strings{"/usr", "/etc", "/opt?"}));
  EXPECT_EQ(paths(profile.rw), Strings{"/home/u/src/app"});
  EXPECT_TRUE(profile.tmpfs.empty());
  EXPECT_TRUE(profile.create.empty());
  EXPECT_TRUE(profile.env_pass.empty());
  EXPECT_TRUE(profile.env_set.empty());
  EXPECT_EQ(profile.network, NetworkMode::host);
  EXPECT_TRUE(profile.seccomp_deny.empty());
  EXPECT_FALSE(profile.expose_host_socket);
  EXPECT_FALSE(profile.git_writable_metadata);
}

TEST(BuiltinProfiles, OfflineIsDefaultWithoutNetwork) {
  Profile offline = resolve_builtin("offline");
  Profile fallback = resolve_builtin("default");
  EXPECT_EQ(offline.chain, (Strings{"offline", "default"}));
  EXPECT_EQ(offline.network, NetworkMode::none);
  EXPECT_EQ(offline.ro, fallback.ro);
  EXPECT_EQ(offline.rw, fallback.rw);
  EXPECT_EQ(offline.env_pass, fallback.env_pass);
  EXPECT_NE(offline.description, fallback.description);
}

// What the seed's `opncd` wrapper bound, minus opencode's own source tree and minus
// everything the host runs (~/.bun, ~/.config/opencode writable, ~/.cache/opencode).
TEST(BuiltinProfiles, OpencodeGrantsItsDataAndStateAndReadsItsConfig) {
  Profile profile = resolve_builtin("opencode");
  EXPECT_EQ(profile.chain, Strings{"opencode"});
  EXPECT_EQ(paths(profile.ro),
            (Strings{"/usr", "/etc/resolv.conf", "/etc/hosts", "/etc/ssl", "/etc/passwd",
                     "/etc/group", "/etc/nsswitch.conf?", "/etc/localtime?",
                     "/etc/ca-certificates?", "/home/u/.gitconfig?", "/home/u/.config/opencode?"}));
  EXPECT_EQ(paths(profile.rw),
            (Strings{"/home/u/src/app", "/home/u/.local/share/opencode",
                     "/home/u/.local/state/opencode"}));
  EXPECT_EQ(paths(profile.create),
            (Strings{"/home/u/.local/share/opencode", "/home/u/.local/state/opencode"}));
  EXPECT_TRUE(profile.tmpfs.empty());
  EXPECT_EQ(profile.network, NetworkMode::host);
  EXPECT_EQ(profile.env_set,
            (std::map<std::string, std::string>{{"OPENCODE_AUTO_SHARE", "false"},
                                                {"OPENCODE_DISABLE_PRUNE", "false"},
                                                {"OPENCODE_EXPERIMENTAL_LSP_TOOL", "true"},
                                                {"OPENCODE_LIBC", "glibc"}}));
  EXPECT_EQ(profile.env_pass, (Strings{"COLORTERM", "TERM", "LANG", "TZ"}));
  EXPECT_FALSE(profile.expose_host_socket);
  EXPECT_FALSE(profile.git_writable_metadata);  // safe by default: see profile_format.cc
}

// Issue 10 §2: no built-in profile lets a sandbox write what the host later runs.
TEST(BuiltinProfiles, GrantNothingTheHostRunsReadWrite) {
  ProfileStore store("");
  for (const std::string& name : store.names()) {
    const Profile profile = resolve_builtin(name);
    ASSERT_FALSE(profile.rw.empty()) << name;
    for (const PathGrant& grant : profile.rw) {
      const std::vector<HostExecutedHit> hits = host_executed_covered_by(grant.path, "/home/u");
      EXPECT_TRUE(hits.empty()) << name << ": " << (hits.empty() ? std::string()
                                   : describe_host_executed(grant.path, hits, "/home/u"));
    }
  }
}

TEST(BuiltinProfiles, NeedNoRuntimeDir) {
  ExpandContext context = fake_context();
  context.runtime_dir.clear();
  ProfileStore store("");
  for (const std::string& name : store.names()) {
    EXPECT_TRUE(resolve_profile(name, store, context)) << name;
  }
}

}  // namespace
}  // namespace sandmux::config

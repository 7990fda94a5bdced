// resolve_profile: `extends` chains, merging, and every validation message whole.
#include "config/profile_resolver.h"

#include <gtest/gtest.h>

#include <string>

#include "config/memory_source.h"

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

std::vector<std::string> paths(const std::vector<PathGrant>& grants) {
  std::vector<std::string> out;
  for (const PathGrant& grant : grants) out.push_back(grant.path + (grant.optional ? "?" : ""));
  return out;
}

// The errors of resolving a user profile "p" with TEXT (and nothing else around).
std::string errors_for(const std::string& text) {
  MemorySource source;
  source.add_user("p", text);
  return errors_of(resolve_profile("p", source, fake_context()));
}

using Strings = std::vector<std::string>;

TEST(ProfileResolver, ResolvesAProfileWithoutParents) {
  MemorySource source;
  source.add_user("p",
                  "description = \"d\"\n[filesystem]\nro = [\"/usr\"]\nrw = [\"{project}\"]\n");
  Result<Profile> profile = resolve_profile("p", source, fake_context());
  ASSERT_TRUE(profile) << errors_of(profile);
  EXPECT_EQ(profile.value->name, "p");
  EXPECT_EQ(profile.value->chain, Strings{"p"});
  EXPECT_EQ(profile.value->description, "d");
  EXPECT_EQ(paths(profile.value->ro), Strings{"/usr"});
  EXPECT_EQ(paths(profile.value->rw), Strings{"/home/u/src/app"});
  EXPECT_EQ(profile.value->network, NetworkMode::host);
  EXPECT_FALSE(profile.value->expose_host_socket);
}

TEST(ProfileResolver, ChildListsAreAppendedAfterTheParents) {
  MemorySource source;
  source.add_user("base",
                  "[filesystem]\nro = [\"/usr\", \"/etc\"]\n[env]\npass = [\"TERM\"]\n"
                  "[seccomp]\ndeny = [\"ptrace\"]\n");
  source.add_user("child",
                  "extends = \"base\"\n[filesystem]\nro = [\"/opt\", \"/usr/\"]\n"
                  "[env]\npass = [\"LANG\", \"TERM\"]\n[seccomp]\ndeny = [\"bpf\", \"ptrace\"]\n");
  Result<Profile> profile = resolve_profile("child", source, fake_context());
  ASSERT_TRUE(profile) << errors_of(profile);
  EXPECT_EQ(profile.value->chain, (Strings{"child", "base"}));
  EXPECT_EQ(paths(profile.value->ro), (Strings{"/usr", "/etc", "/opt"}));
  EXPECT_EQ(profile.value->env_pass, (Strings{"TERM", "LANG"}));
  EXPECT_EQ(profile.value->seccomp_deny, (Strings{"ptrace", "bpf"}));
}

TEST(ProfileResolver, DuplicatePathStaysRequiredIfEitherIs) {
  MemorySource source;
  source.add_user("base", "[filesystem]\nro = [\"/opt?\", \"/srv\"]\n");
  source.add_user("child", "extends = \"base\"\n[filesystem]\nro = [\"/opt\", \"/srv?\"]\n");
  Result<Profile> profile = resolve_profile("child", source, fake_context());
  ASSERT_TRUE(profile) << errors_of(profile);
  EXPECT_EQ(paths(profile.value->ro), (Strings{"/opt", "/srv"}));
}

TEST(ProfileResolver, ChildScalarsAndEnvValuesReplaceTheParents) {
  MemorySource source;
  source.add_user("base",
                  "description = \"base\"\n[env.set]\nA = \"1\"\nB = \"2\"\n"
                  "[network]\nmode = \"none\"\n[tmux]\nexpose_host_socket = true\n");
  source.add_user("child",
                  "extends = \"base\"\n[env.set]\nB = \"3\"\n[network]\nmode = \"host\"\n");
  Result<Profile> profile = resolve_profile("child", source, fake_context());
  ASSERT_TRUE(profile) << errors_of(profile);
  EXPECT_EQ(profile.value->description, "base");
  EXPECT_EQ(profile.value->env_set, (std::map<std::string, std::string>{{"A", "1"}, {"B", "3"}}));
  EXPECT_EQ(profile.value->network, NetworkMode::host);
  EXPECT_TRUE(profile.value->expose_host_socket);
}

TEST(ProfileResolver, UnknownParentIsAnErrorAtTheExtendsValue) {
  MemorySource source;
  source.add_builtin("default", "");
  source.add_user("a", "description = \"x\"\nextends = \"zz\"\n");
  source.add_user("b", "extends = \"defualt\"\n");
  EXPECT_EQ(errors_of(resolve_profile("a", source, fake_context())),
            "a.toml:2:11: profile 'a' extends unknown profile 'zz'\n");
  EXPECT_EQ(
      errors_of(resolve_profile("b", source, fake_context())),
      "b.toml:1:11: profile 'b' extends unknown profile 'defualt' (did you mean 'default'?)\n");
}

TEST(ProfileResolver, CycleIsAnError) {
  MemorySource source;
  source.add_user("a", "extends = \"b\"\n");
  source.add_user("b", "extends = \"a\"\n");
  source.add_user("c", "extends = \"a\"\n");
  EXPECT_EQ(errors_of(resolve_profile("a", source, fake_context())),
            "b.toml:1:11: extends cycle: a -> b -> a\n");
  EXPECT_EQ(errors_of(resolve_profile("c", source, fake_context())),
            "b.toml:1:11: extends cycle: a -> b -> a\n");
}

TEST(ProfileResolver, UserProfileExtendingItsOwnNameExtendsTheBuiltin) {
  MemorySource source;
  source.add_builtin("default", "[filesystem]\nro = [\"/usr\"]\n");
  source.add_user("default", "extends = \"default\"\n[filesystem]\nro = [\"/opt\"]\n");
  Result<Profile> profile = resolve_profile("default", source, fake_context());
  ASSERT_TRUE(profile) << errors_of(profile);
  EXPECT_EQ(paths(profile.value->ro), (Strings{"/usr", "/opt"}));
  EXPECT_EQ(profile.value->chain, (Strings{"default", "default"}));
}

TEST(ProfileResolver, ExtendingItselfWithoutABuiltinIsAnError) {
  MemorySource source;
  source.add_user("a", "extends = \"a\"\n");
  source.add_builtin("b", "extends = \"b\"\n");
  EXPECT_EQ(errors_of(resolve_profile("a", source, fake_context())),
            "a.toml:1:11: profile 'a' extends itself\n");
  EXPECT_EQ(errors_of(resolve_profile("b", source, fake_context())),
            "<builtin>/b.toml:1:11: extends cycle: b -> b\n");
}

TEST(ProfileResolver, UnknownOrInvalidProfileName) {
  MemorySource source;
  source.add_builtin("offline", "");
  EXPECT_EQ(errors_of(resolve_profile("ofline", source, fake_context())),
            "unknown profile 'ofline' (did you mean 'offline'?)\n");
  EXPECT_EQ(errors_of(resolve_profile("../x", source, fake_context())),
            "invalid profile name '../x'\n");
}

TEST(ProfileResolver, ErrorsInAParentAreReportedInTheParentsFile) {
  MemorySource source;
  source.add_builtin("base", "[filesystem]\nro = [\"usr\"]\n");
  source.add_user("child", "extends = \"base\"\n[filesystem]\nrw = [\"/\"]\n");
  EXPECT_EQ(errors_of(resolve_profile("child", source, fake_context())),
            "<builtin>/base.toml:2:7: path 'usr' is not absolute\n"
            "child.toml:3:7: read-write bind of '/' exposes the whole file system\n");
}

TEST(ProfileResolver, ParseErrorInAParentStopsTheChain) {
  MemorySource source;
  source.add_user("base", "[filesystem\n");
  source.add_user("child", "extends = \"base\"\n");
  Result<Profile> profile = resolve_profile("child", source, fake_context());
  ASSERT_EQ(profile.errors.size(), 1u);
  EXPECT_EQ(profile.errors[0].where.file, "base.toml");
}

TEST(ProfileResolver, UnreadableProfileReportsTheSourcesError) {
  MemorySource source;
  source.add(
      ProfileText{"p", "/c/p.toml", "", false,
                  Diagnostic{Location{"/c/p.toml", 0, 0}, "cannot read: permission denied"}});
  EXPECT_EQ(errors_of(resolve_profile("p", source, fake_context())),
            "/c/p.toml: cannot read: permission denied\n");
}

TEST(ProfileResolver, ResolvesTextWithParentsFromTheSource) {
  MemorySource source;
  source.add_builtin("default", "[filesystem]\nro = [\"/usr\"]\n");
  ProfileText text{"mine", "/tmp/mine.toml", "extends = \"default\"\n", false, std::nullopt};
  Result<Profile> profile = resolve_profile_text(text, source, fake_context());
  ASSERT_TRUE(profile) << errors_of(profile);
  EXPECT_EQ(profile.value->chain, (Strings{"mine", "default"}));
}

struct Case {
  const char* text;
  const char* errors;
};

// Every validation message, whole, in a user profile "p".
TEST(ProfileResolver, ValidationErrors) {
  const Case cases[] = {
      {"[filesystem]\nrw = [\"/\"]\n",
       "p.toml:2:7: read-write bind of '/' exposes the whole file system\n"},
      {"[filesystem]\nrw = [\"//./\"]\n",
       "p.toml:2:7: read-write bind of '//./' exposes the whole file system\n"},
      {"[filesystem]\nrw = [\"~\"]\n",
       "p.toml:2:7: read-write bind of '~' exposes the whole home directory\n"},
      {"[filesystem]\nrw = [\"~/\"]\n",
       "p.toml:2:7: read-write bind of '~/' exposes the whole home directory\n"},
      {"[filesystem]\nrw = [\"{home}/\"]\n",
       "p.toml:2:7: read-write bind of '{home}/' exposes the whole home directory\n"},
      {"[filesystem]\nrw = [\"/home/u/.?\"]\n",
       "p.toml:2:7: read-write bind of '/home/u/.?' exposes the whole home directory\n"},
      {"[filesystem]\nrw = [\"/home\"]\n",
       "p.toml:2:7: read-write bind of '/home' exposes the whole home directory\n"},
      {"[filesystem]\nrw = [\"~\"]\ncreate = [\"~\"]\n",
       "p.toml:2:7: read-write bind of '~' exposes the whole home directory\n"
       "p.toml:3:11: read-write bind of '~' exposes the whole home directory\n"},
      {"[filesystem]\nrw = [\"-x\"]\n",
       "p.toml:2:7: path '-x' starts with '-' and would be read as an option\n"},
      {"[filesystem]\nro = [\"/a\\nb\"]\n",
       "p.toml:2:7: path '/a\\nb' contains a control character\n"},
      {"[filesystem]\ntmpfs = [\"/a\\u0000b\"]\n",
       "p.toml:2:10: path '/a\\x00b' contains a control character\n"},
      {"[filesystem]\ntmpfs = [\"/x?\"]\n",
       "p.toml:2:10: path '/x?' in 'tmpfs' cannot be optional\n"},
      {"[filesystem]\nrw = [\"/x\"]\ncreate = [\"/x?\"]\n",
       "p.toml:3:11: path '/x?' in 'create' cannot be optional\n"},
      {"[filesystem]\nrw = [\"/x\"]\ncreate = [\"/y\", \"/x/z\"]\n",
       "p.toml:3:11: path '/y' in 'create' is not granted by 'rw'\n"},
      {"[env]\npass = [\"A-B\", \"1A\", \"\", \"-A\"]\n",
       "p.toml:2:9: invalid environment variable name 'A-B' (expected [A-Za-z_][A-Za-z0-9_]*)\n"
       "p.toml:2:16: invalid environment variable name '1A' (expected [A-Za-z_][A-Za-z0-9_]*)\n"
       "p.toml:2:22: invalid environment variable name '' (expected [A-Za-z_][A-Za-z0-9_]*)\n"
       "p.toml:2:26: environment variable name '-A' starts with '-' and would be read as an "
       "option\n"},
      {"[env.set]\n\"A B\" = \"x\"\nC = \"a\\u0000b\"\n",
       "p.toml:2:1: invalid environment variable name 'A B' (expected [A-Za-z_][A-Za-z0-9_]*)\n"
       "p.toml:3:5: value of 'C' contains a NUL character\n"},
      {"[seccomp]\ndeny = [\"Ptrace\", \"-ptrace\", \"\"]\n",
       "p.toml:2:9: invalid syscall name 'Ptrace' (expected [a-z0-9_]+)\n"
       "p.toml:2:19: syscall name '-ptrace' starts with '-' and would be read as an option\n"
       "p.toml:2:30: invalid syscall name '' (expected [a-z0-9_]+)\n"},
      {"[network]\nmode = \"hots\"\n",
       "p.toml:2:8: unknown network mode 'hots' (did you mean 'host'?)\n"},
      {"[network]\nmode = \"bridge\"\n",
       "p.toml:2:8: unknown network mode 'bridge' (expected 'host' or 'none')\n"},
      {"description = \"a\\u001b[2Jb\"\n",
       "p.toml:1:15: description contains a control character\n"},
      {"extends = \"../etc/x\"\n",
       "p.toml:1:11: invalid profile name '../etc/x' (expected [A-Za-z0-9_-]+, at most 64 "
       "characters)\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(errors_for(c.text), c.errors) << c.text;
}

TEST(ProfileResolver, EveryValidationProblemIsReportedAtOnce) {
  EXPECT_EQ(errors_for("[filesystem]\nro = [\"rel\", \"/ok\", \"/a/../b\"]\nrw = [\"/\"]\n"
                       "[env]\npass = [\"-x\"]\n[network]\nmode = \"nnoe\"\n"),
            "p.toml:2:7: path 'rel' is not absolute\n"
            "p.toml:2:21: path '/a/../b' contains a '..' component\n"
            "p.toml:3:7: read-write bind of '/' exposes the whole file system\n"
            "p.toml:5:9: environment variable name '-x' starts with '-' and would be read as an "
            "option\n"
            "p.toml:7:8: unknown network mode 'nnoe' (did you mean 'none'?)\n");
}

TEST(ProfileResolver, EnvValuesMayHoldAnythingButNul) {
  MemorySource source;
  source.add_user("p", "[env.set]\nA = \"--bind / /\"\nB = \"line\\nbreak\"\nC = \"\"\n");
  Result<Profile> profile = resolve_profile("p", source, fake_context());
  ASSERT_TRUE(profile) << errors_of(profile);
  EXPECT_EQ(profile.value->env_set.at("A"), "--bind / /");
  EXPECT_EQ(profile.value->env_set.at("B"), "line\nbreak");
  EXPECT_EQ(profile.value->env_set.at("C"), "");
}

TEST(ProfileResolver, CreateMayBeGrantedByTheParentsRw) {
  MemorySource source;
  source.add_user("base", "[filesystem]\nrw = [\"~/.cache\"]\n");
  source.add_user("child", "extends = \"base\"\n[filesystem]\ncreate = [\"~/.cache/tool\"]\n");
  Result<Profile> profile = resolve_profile("child", source, fake_context());
  ASSERT_TRUE(profile) << errors_of(profile);
  EXPECT_EQ(paths(profile.value->create), Strings{"/home/u/.cache/tool"});
}

TEST(ProfileResolver, HugeProfileResolvesWithoutQuadraticWork) {
  std::string ro = "ro = [";
  std::string create = "create = [";
  for (int i = 0; i < 40000; ++i) {
    ro += "\"/r/" + std::to_string(i) + "\", \"/r/" + std::to_string(i % 100) + "?\",";
    create += "\"/w/" + std::to_string(i) + "/x\",";
  }
  MemorySource source;
  source.add_user("p", "[filesystem]\n" + ro + "]\nrw = [\"/w\"]\n" + create + "]\n");
  Result<Profile> profile = resolve_profile("p", source, fake_context());
  ASSERT_TRUE(profile) << errors_of(profile);
  EXPECT_EQ(profile.value->ro.size(), 40000u);
  EXPECT_FALSE(profile.value->ro[5].optional);
  EXPECT_EQ(profile.value->create.size(), 40000u);
}

TEST(ProfileResolver, ProjectThatIsTheHomeDirectoryIsRefused) {
  MemorySource source;
  source.add_user("p", "[filesystem]\nrw = [\"{project}\"]\n");
  ExpandContext context = fake_context();
  context.project = "/home/u/";
  EXPECT_EQ(errors_of(resolve_profile("p", source, context)),
            "p.toml:2:7: read-write bind of '{project}' exposes the whole home directory\n");
}

TEST(ProfileResolver, ReadOnlyHomeIsAllowed) {
  MemorySource source;
  source.add_user("p", "[filesystem]\nro = [\"~\", \"/\"]\n");
  EXPECT_TRUE(resolve_profile("p", source, fake_context()));
}

}  // namespace
}  // namespace sandmux::config

namespace sandmux::config {
namespace {

// Unknown keys do not hide the invalid values next to them: one run lists them all.
TEST(ProfileResolver, SchemaAndValueErrorsAreReportedTogether) {
  EXPECT_EQ(errors_for("[filesystem]\nrww = [\"{project}\"]\nrw = [\"relative\"]\n"
                       "[network]\nmode = \"hots\"\n"),
            "p.toml:2:1: unknown key 'rww' (did you mean 'rw'?)\n"
            "p.toml:3:7: path 'relative' is not absolute\n"
            "p.toml:5:8: unknown network mode 'hots' (did you mean 'host'?)\n");
}

}  // namespace
}  // namespace sandmux::config

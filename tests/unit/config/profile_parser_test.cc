// parse_profile: the schema, its locations, and every parse-time message whole.
#include "config/profile_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace sandmux::config {
namespace {

std::string errors_of(const Result<RawProfile>& result) {
  std::string out;
  for (const Diagnostic& error : result.errors) out += error.str() + "\n";
  return out;
}

TEST(ProfileParser, ReadsEverySection) {
  Result<RawProfile> raw = parse_profile(R"(extends = "default"
description = "a test"
[filesystem]
ro = ["/usr", "~/.gitconfig?"]
rw = ["{project}"]
tmpfs = ["/scratch"]
create = ["~/.cache/x"]
[env]
pass = ["TERM"]
set = { A = "1", B = "two" }
[network]
mode = "none"
[seccomp]
deny = ["ptrace"]
[tmux]
expose_host_socket = true
[git]
writable_metadata = true
)",
                                         "t.toml");
  ASSERT_TRUE(raw) << errors_of(raw);
  EXPECT_EQ(raw.value->extends->text, "default");
  EXPECT_EQ(raw.value->description->text, "a test");
  ASSERT_EQ(raw.value->ro.size(), 2u);
  EXPECT_EQ(raw.value->ro[1].text, "~/.gitconfig?");
  EXPECT_EQ(raw.value->rw[0].text, "{project}");
  EXPECT_EQ(raw.value->tmpfs[0].text, "/scratch");
  EXPECT_EQ(raw.value->create[0].text, "~/.cache/x");
  EXPECT_EQ(raw.value->env_pass[0].text, "TERM");
  ASSERT_EQ(raw.value->env_set.size(), 2u);
  EXPECT_EQ(raw.value->env_set[1].first.text, "B");
  EXPECT_EQ(raw.value->env_set[1].second.text, "two");
  EXPECT_EQ(raw.value->network_mode->text, "none");
  EXPECT_EQ(raw.value->seccomp_deny[0].text, "ptrace");
  EXPECT_EQ(raw.value->expose_host_socket, true);
  EXPECT_EQ(raw.value->git_writable_metadata, true);
}

TEST(ProfileParser, ValuesKeepTheirLocation) {
  Result<RawProfile> raw = parse_profile("[filesystem]\nro = [\"/usr\",\n  \"/etc\"]\n", "t.toml");
  ASSERT_TRUE(raw) << errors_of(raw);
  EXPECT_EQ(raw.value->ro[1].where.file, "t.toml");
  EXPECT_EQ(raw.value->ro[1].where.line, 3);
  EXPECT_EQ(raw.value->ro[1].where.column, 3);
}

TEST(ProfileParser, EmptyTextIsAnEmptyProfile) {
  Result<RawProfile> raw = parse_profile("", "t.toml");
  ASSERT_TRUE(raw);
  EXPECT_FALSE(raw.value->extends);
  EXPECT_TRUE(raw.value->ro.empty());
  EXPECT_EQ(raw.value->file.file, "t.toml");
}

TEST(ProfileParser, EnvSetAsATableHeader) {
  Result<RawProfile> raw = parse_profile("[env.set]\nA = \"1\"\n", "t.toml");
  ASSERT_TRUE(raw) << errors_of(raw);
  EXPECT_EQ(raw.value->env_set[0].first.text, "A");
  EXPECT_EQ(raw.value->env_set[0].first.where.line, 2);
}

struct ErrorCase {
  const char* text;
  const char* errors;
};

// Every parse-time message, whole (ninja's ParserTest.Errors style).
TEST(ProfileParser, Errors) {
  const ErrorCase cases[] = {
      {"[filesystem]\nrww = [\"/x\"]\n", "x.toml:2:1: unknown key 'rww' (did you mean 'rw'?)\n"},
      {"[filesytem]\nro = []\n",
       "x.toml:1:2: unknown table 'filesytem' (did you mean 'filesystem'?)\n"},
      {"descripton = \"x\"\n",
       "x.toml:1:1: unknown key 'descripton' (did you mean 'description'?)\n"},
      {"[filesystem]\n  bind = []\n",
       "x.toml:2:3: unknown key 'bind' (expected one of: ro, rw, tmpfs, create)\n"},
      {"foo = 1\n",
       "x.toml:1:1: unknown key 'foo' (expected one of: extends, description, filesystem, env, "
       "network, seccomp, tmux, git)\n"},
      {"[git]\nwritable = true\n",
       "x.toml:2:1: unknown key 'writable' (expected one of: writable_metadata)\n"},
      {"[env]\npas = []\n", "x.toml:2:1: unknown key 'pas' (did you mean 'pass'?)\n"},
      {"[network]\nmdoe = \"host\"\n", "x.toml:2:1: unknown key 'mdoe' (did you mean 'mode'?)\n"},
      {"[seccomp]\ndenny = []\n", "x.toml:2:1: unknown key 'denny' (did you mean 'deny'?)\n"},
      {"[tmux]\nexpose = true\n",
       "x.toml:2:1: unknown key 'expose' (expected one of: expose_host_socket)\n"},
      {"extends = 3\n", "x.toml:1:11: 'extends' must be a string\n"},
      {"description = [\"a\"]\n", "x.toml:1:15: 'description' must be a string\n"},
      {"filesystem = \"/\"\n", "x.toml:1:14: 'filesystem' must be a table\n"},
      {"[filesystem]\nro = \"/usr\"\n", "x.toml:2:6: 'ro' must be an array of strings\n"},
      {"[filesystem]\nrw = [\"/a\", 3]\n", "x.toml:2:13: 'rw' must be an array of strings\n"},
      {"[env]\nset = [\"A=1\"]\n", "x.toml:2:7: 'set' must be a table of strings\n"},
      {"[env]\nset = { A = 1 }\n", "x.toml:2:13: 'set' must be a table of strings\n"},
      {"[network]\nmode = false\n", "x.toml:2:8: 'mode' must be a string\n"},
      {"[tmux]\nexpose_host_socket = \"yes\"\n",
       "x.toml:2:22: 'expose_host_socket' must be a boolean\n"},
      {"[seccomp]\ndeny = [[\"ptrace\"]]\n", "x.toml:2:9: 'deny' must be an array of strings\n"},
  };
  for (const ErrorCase& c : cases) {
    EXPECT_EQ(errors_of(parse_profile(c.text, "x.toml")), c.errors) << c.text;
  }
}

TEST(ProfileParser, SchemaErrorsAreAllCollected) {
  Result<RawProfile> raw = parse_profile(
      "extends = 1\n[filesystem]\nrww = []\nro = \"/\"\n[netwrk]\nmode = \"host\"\n", "x.toml");
  EXPECT_FALSE(raw);
  EXPECT_EQ(errors_of(raw),
            "x.toml:1:11: 'extends' must be a string\n"
            "x.toml:3:1: unknown key 'rww' (did you mean 'rw'?)\n"
            "x.toml:4:6: 'ro' must be an array of strings\n"
            "x.toml:5:2: unknown table 'netwrk' (did you mean 'network'?)\n");
}

TEST(ProfileParser, SyntaxErrorIsTheOnlyErrorReported) {
  Result<RawProfile> raw = parse_profile("foo = 1\nx = \n[filesystem\n", "x.toml");
  EXPECT_FALSE(raw);
  EXPECT_EQ(errors_of(raw),
            "x.toml:2:5: error while parsing key-value pair: expected value, "
            "saw '\\n'\n");
}

TEST(ProfileParser, SyntaxErrorMessagesAreOneLowercaseLine) {
  const char* inputs[] = {"a = \"x\x01\"\n", "a = 1\na = 2\n", "\xff = 1\n", "[a\n", "a = \"\n"};
  for (const char* input : inputs) {
    Result<RawProfile> raw = parse_profile(input, "x.toml");
    ASSERT_EQ(raw.errors.size(), 1u) << input;
    const std::string& message = raw.errors[0].message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_FALSE(message.empty());
    EXPECT_FALSE(message[0] >= 'A' && message[0] <= 'Z') << message;
    EXPECT_NE(message.back(), '.') << message;
  }
}

TEST(ProfileParser, DuplicateKeyIsASyntaxError) {
  EXPECT_EQ(errors_of(parse_profile("extends = \"a\"\nextends = \"b\"\n", "x.toml")),
            "x.toml:2:11: error while parsing key-value pair: cannot redefine existing string "
            "'extends'\n");
}

TEST(ProfileParser, UnknownKeySuggestsCloseMatchCaseInsensitively) {
  EXPECT_EQ(errors_of(parse_profile("[filesystem]\nRO = []\n", "x.toml")),
            "x.toml:2:1: unknown key 'RO' (did you mean 'ro'?)\n");
}

TEST(ProfileParser, DeeplyNestedValuesAreTypeErrorsNotCrashes) {
  Result<RawProfile> raw =
      parse_profile("[env]\nset = { A = { B = { C = { D = \"x\" } } } }\n", "x.toml");
  EXPECT_EQ(errors_of(raw), "x.toml:2:13: 'set' must be a table of strings\n");
}

}  // namespace
}  // namespace sandmux::config

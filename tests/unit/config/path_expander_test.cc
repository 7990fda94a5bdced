// Profile paths: variables, '?', normalisation, and each path rule's message whole.
#include "config/path_expander.h"

#include <gtest/gtest.h>

#include <string>

namespace sandmux::config {
namespace {

ExpandContext fake_context() {
  return ExpandContext{"/home/u", "/home/u/src/app", "/run/user/1000", 1000};
}

Located at(std::string text) { return Located{std::move(text), Location{"p.toml", 3, 7}}; }

// The expanded path, or the error messages joined.
std::string expand(const std::string& text, const ExpandContext& context = fake_context()) {
  Result<PathGrant> grant = expand_path(at(text), context);
  if (!grant) {
    std::string out;
    for (const Diagnostic& error : grant.errors) out += error.str();
    return out;
  }
  return grant.value->path + (grant.value->optional ? " (optional)" : "");
}

struct Case {
  const char* written;
  const char* expected;
};

TEST(PathExpander, ExpandsEachVariable) {
  const Case cases[] = {
      {"/usr", "/usr"},  // plain input stays plain
      {"~", "/home/u"},
      {"~/.bun", "/home/u/.bun"},
      {"{home}/.config", "/home/u/.config"},
      {"{project}", "/home/u/src/app"},
      {"{project}/build", "/home/u/src/app/build"},
      {"/tmp/sandmux-{uid}", "/tmp/sandmux-1000"},
      {"{runtime_dir}/sandmux", "/run/user/1000/sandmux"},
      {"{home}/{uid}/{uid}", "/home/u/1000/1000"},
  };
  for (const Case& c : cases) EXPECT_EQ(expand(c.written), c.expected) << c.written;
}

TEST(PathExpander, TrailingQuestionMarkMarksOptional) {
  EXPECT_EQ(expand("~/.gitconfig?"), "/home/u/.gitconfig (optional)");
  EXPECT_EQ(expand("/opt?"), "/opt (optional)");
}

TEST(PathExpander, Normalises) {
  const Case cases[] = {
      {"//usr//lib/", "/usr/lib"}, {"/usr/./lib/.", "/usr/lib"},  {"/", "/"}, {"///", "/"},
      {"~/", "/home/u"},           {"/a/b/?", "/a/b (optional)"},
  };
  for (const Case& c : cases) EXPECT_EQ(expand(c.written), c.expected) << c.written;
}

TEST(PathExpander, Errors) {
  const Case cases[] = {
      {"usr/lib", "p.toml:3:7: path 'usr/lib' is not absolute"},
      {"~user/x", "p.toml:3:7: path '~user/x' is not absolute"},
      {"", "p.toml:3:7: empty path"},
      {"?", "p.toml:3:7: empty path"},
      {"/usr/../etc", "p.toml:3:7: path '/usr/../etc' contains a '..' component"},
      {"{project}/..",
       "p.toml:3:7: path '{project}/..' (expands to '/home/u/src/app/..') "
       "contains a '..' component"},
      {"/..?", "p.toml:3:7: path '/..?' contains a '..' component"},
      {"/a\nb", "p.toml:3:7: path '/a\\nb' contains a control character"},
      {"/a\x1b[31m", "p.toml:3:7: path '/a\\x1b[31m' contains a control character"},
      {"-/x", "p.toml:3:7: path '-/x' starts with '-' and would be read as an option"},
      {"--bind", "p.toml:3:7: path '--bind' starts with '-' and would be read as an option"},
      {"{projet}/x",
       "p.toml:3:7: unknown variable '{projet}' (did you mean '{project}'?) in "
       "'{projet}/x'"},
      {"{HOME}", "p.toml:3:7: unknown variable '{HOME}' (did you mean '{home}'?) in '{HOME}'"},
      {"/x/{nope}", "p.toml:3:7: unknown variable '{nope}' in '/x/{nope}'"},
      {"/x/{project", "p.toml:3:7: unclosed '{' in '/x/{project'"},
  };
  for (const Case& c : cases) EXPECT_EQ(expand(c.written), c.expected) << c.written;
}

TEST(PathExpander, NulIsAControlCharacter) {
  EXPECT_EQ(expand(std::string("/a\0b", 4)),
            "p.toml:3:7: path '/a\\x00b' contains a control character");
}

TEST(PathExpander, ControlCharacterFromAVariableIsCaught) {
  ExpandContext context = fake_context();
  context.project = "/src/a\nb";
  EXPECT_EQ(expand("{project}", context),
            "p.toml:3:7: path '{project}' (expands to '/src/a\\nb') contains a control character");
}

TEST(PathExpander, UnsetVariablesAreErrors) {
  ExpandContext empty;
  EXPECT_EQ(expand("{runtime_dir}/x", empty),
            "p.toml:3:7: {runtime_dir} is used but XDG_RUNTIME_DIR is not set");
  EXPECT_EQ(expand("{home}", empty), "p.toml:3:7: {home} is used but HOME is not set");
  EXPECT_EQ(expand("~/x", empty), "p.toml:3:7: '~' is used but HOME is not set");
  EXPECT_EQ(expand("{project}", empty),
            "p.toml:3:7: {project} is used but no project directory is set");
  EXPECT_EQ(expand("/tmp/{uid}", empty), "/tmp/0");
}

TEST(PathExpander, TildeOnlyAtTheStart) { EXPECT_EQ(expand("/x/~/y"), "/x/~/y"); }

TEST(PathExpander, RelativeExpansionIsNotAbsolute) {
  ExpandContext context = fake_context();
  context.project = "src/app";
  EXPECT_EQ(expand("{project}", context),
            "p.toml:3:7: path '{project}' (expands to 'src/app') is not absolute");
}

TEST(PathExpander, SameOrAncestor) {
  EXPECT_TRUE(is_same_or_ancestor("/", "/home/u"));
  EXPECT_TRUE(is_same_or_ancestor("/home", "/home/u"));
  EXPECT_TRUE(is_same_or_ancestor("/home/u", "/home/u"));
  EXPECT_FALSE(is_same_or_ancestor("/home/u", "/home/user"));
  EXPECT_FALSE(is_same_or_ancestor("/home/u/x", "/home/u"));
}

}  // namespace
}  // namespace sandmux::config

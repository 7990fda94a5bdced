#include "sandbox/path_check.h"

#include <gtest/gtest.h>

#include "sandbox/errors.h"
#include "tests/unit/sandbox/fake_host_fs.h"

namespace sandmux::sandbox {
namespace {

using testing::FakeHostFs;

TEST(NormalizePath, Table) {
  const std::pair<const char*, const char*> rows[] = {
      {"/", "/"},
      {"/usr/bin", "/usr/bin"},  // plain input stays plain
      {"//usr///bin/", "/usr/bin"},
      {"/usr/./bin/.", "/usr/bin"},
      {"/usr/lib/../bin", "/usr/bin"},
      {"/../../etc", "/etc"},
      {"/a/b/c/../../..", "/"},
      {"/with space/and\nnewline/..", "/with space"},
  };
  for (const auto& [input, expected] : rows) EXPECT_EQ(normalize_path(input), expected) << input;
}

TEST(NormalizePath, RelativeIsAnError) {
  try {
    normalize_path("home/u");
    FAIL();
  } catch (const SandboxError& e) {
    EXPECT_STREQ(e.what(), "path 'home/u' is not absolute");
  }
  EXPECT_THROW(normalize_path(""), SandboxError);
}

TEST(PathWithin, ComponentBoundaries) {
  EXPECT_TRUE(path_within("/home/u", "/home/u"));
  EXPECT_TRUE(path_within("/home/u/x", "/home/u"));
  EXPECT_FALSE(path_within("/home/u2", "/home/u"));
  EXPECT_TRUE(path_within("/anything", "/"));
  EXPECT_FALSE(path_within("/home", "/home/u"));
}

TEST(ResolvePath, FollowsRelativeAndAbsoluteLinks) {
  FakeHostFs fs;
  fs.dir("/usr/bin").link("/bin", "usr/bin").link("/opt/tool", "/usr/bin/../bin");
  const Resolution r = resolve_path("/bin", fs);
  EXPECT_EQ(r.canonical, "/usr/bin");
  EXPECT_TRUE(r.exists);
  EXPECT_EQ(r.symlinks, std::vector<std::string>{"/bin"});
  const Resolution tool = resolve_path("/opt/tool", fs);
  EXPECT_EQ(tool.canonical, "/usr/bin");
  EXPECT_EQ(tool.symlinks, std::vector<std::string>{"/opt/tool"});
}

TEST(ResolvePath, DotDotAfterALinkIsPhysical) {
  FakeHostFs fs;
  fs.dir("/data/real/sub").link("/home/u/link", "/data/real/sub");
  EXPECT_EQ(resolve_path("/home/u/link/../x", fs).canonical, "/data/real/x");
}

TEST(ResolvePath, MissingTailIsKeptLexically) {
  FakeHostFs fs;
  fs.dir("/usr").link("/home/u/cfg", "/usr");
  const Resolution r = resolve_path("/home/u/cfg/missing/deeper", fs);
  EXPECT_FALSE(r.exists);
  EXPECT_EQ(r.canonical, "/usr/missing/deeper");
}

TEST(ResolvePath, LoopIsAnError) {
  FakeHostFs fs;
  fs.link("/a", "/b").link("/b", "/a");
  try {
    resolve_path("/a/x", fs);
    FAIL();
  } catch (const SandboxError& e) {
    EXPECT_STREQ(e.what(), "path '/a/x': too many levels of symbolic links");
  }
}

TEST(SymlinkInWritable, OnlyLinksLocatedInsideWritableRootsCount) {
  FakeHostFs fs;
  fs.dir("/home/u/proj").dir("/root/.ssh").link("/home/u/proj/keys", "/root/.ssh");
  fs.link("/home/u/dots", "/root/.ssh");
  const std::vector<std::string> writable = {"/home/u/proj"};
  EXPECT_EQ(symlink_in_writable(resolve_path("/home/u/proj/keys", fs), writable),
            std::optional<std::string>("/home/u/proj/keys"));
  EXPECT_EQ(symlink_in_writable(resolve_path("/home/u/dots", fs), writable), std::nullopt);
}

}  // namespace
}  // namespace sandmux::sandbox

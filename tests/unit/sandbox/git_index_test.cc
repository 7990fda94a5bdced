#include "sandbox/git_index.h"

#include <gtest/gtest.h>

#include "tests/unit/sandbox/git_index_bytes.h"

namespace sandmux::sandbox {
namespace {

using Paths = std::vector<std::string>;
using testing::entry;
using testing::index;

TEST(GitIndex, GitlinksOfAVersion2Index) {
  const std::string bytes = index(2, {entry(0100644, ".gitmodules", 2), entry(0160000, "lib/a", 2),
                                      entry(0100755, "run.sh", 2), entry(0160000, "vendor/b", 2)});
  EXPECT_EQ(index_gitlinks(bytes, kSha1Size), (Paths{"lib/a", "vendor/b"}));
}

TEST(GitIndex, Version4PathsArePrefixCompressed) {
  // "lib/a" then "lib/b": strip 1 byte of the previous path, add "b".
  const std::string bytes = index(4, {entry(0100644, "lib/a", 4, kSha1Size, std::string(1, '\0')),
                                      entry(0160000, "b", 4, kSha1Size, std::string(1, '\1'))});
  EXPECT_EQ(index_gitlinks(bytes, kSha1Size), (Paths{"lib/b"}));
}

TEST(GitIndex, Sha256HashesAreLonger) {
  const std::string bytes = index(2, {entry(0160000, "sub", 2, kSha256Size)});
  EXPECT_EQ(index_gitlinks(bytes, kSha256Size), (Paths{"sub"}));
}

TEST(GitIndex, MalformedIndexEndsTheList) {
  EXPECT_EQ(index_gitlinks("", kSha1Size), Paths{});
  EXPECT_EQ(index_gitlinks("DIRC\0\0\0\x09", kSha1Size), Paths{});
  std::string truncated = index(2, {entry(0160000, "a", 2), entry(0160000, "b", 2)});
  truncated.resize(12 + 64 + 10);
  EXPECT_EQ(index_gitlinks(truncated, kSha1Size), (Paths{"a"}));
}

}  // namespace
}  // namespace sandmux::sandbox

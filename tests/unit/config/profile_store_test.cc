// ProfileStore: user profiles in a directory override the built-ins by name.
#include "config/profile_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "config/profile_resolver.h"

namespace sandmux::config {
namespace {

using Strings = std::vector<std::string>;

// A fresh directory under /tmp, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/sandmux-config-test-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    EXPECT_NE(made, nullptr);
    m_path = made ? made : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return m_path; }
  std::string write(const std::string& name, const std::string& text) const {
    std::string file = m_path + "/" + name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::string m_path;
};

ExpandContext fake_context() {
  return ExpandContext{"/home/u", "/home/u/src/app", "/run/user/1000", 1000};
}

TEST(ProfileStore, WithoutAUserDirectoryHasTheBuiltins) {
  ProfileStore store("");
  EXPECT_EQ(store.names(), (Strings{"default", "offline", "opencode"}));
  ASSERT_TRUE(store.find("default"));
  EXPECT_EQ(store.find("default")->filename, "<builtin>/default.toml");
  EXPECT_FALSE(store.find("nope"));
}

TEST(ProfileStore, MissingUserDirectoryMeansBuiltinsOnly) {
  ProfileStore store("/tmp/sandmux-config-test-does-not-exist");
  EXPECT_EQ(store.names(), (Strings{"default", "offline", "opencode"}));
  EXPECT_TRUE(store.find("offline")->builtin);
}

TEST(ProfileStore, UserProfilesOverrideBuiltinsByName) {
  TempDir dir;
  std::string file = dir.write("default.toml", "description = \"mine\"\n");
  dir.write("agent.toml", "extends = \"offline\"\n");
  ProfileStore store(dir.path());
  EXPECT_EQ(store.names(), (Strings{"agent", "default", "offline", "opencode"}));
  std::optional<ProfileText> text = store.find("default");
  ASSERT_TRUE(text);
  EXPECT_FALSE(text->builtin);
  EXPECT_EQ(text->filename, file);
  EXPECT_EQ(text->text, "description = \"mine\"\n");
  EXPECT_TRUE(store.find_builtin("default")->builtin);
}

TEST(ProfileStore, UserDefaultExtendingDefaultExtendsTheBuiltin) {
  TempDir dir;
  dir.write("default.toml", "extends = \"default\"\n[filesystem]\nro = [\"/srv\"]\n");
  ProfileStore store(dir.path());
  Result<Profile> profile = resolve_profile("default", store, fake_context());
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile.value->ro.back().path, "/srv");
  EXPECT_EQ(profile.value->ro.front().path, "/usr");
}

TEST(ProfileStore, NamesSkipsOtherFilesAndInvalidNames) {
  TempDir dir;
  dir.write("notes.txt", "");
  dir.write("bad name.toml", "");
  dir.write("ok-1_x.toml", "");
  EXPECT_EQ(ProfileStore(dir.path()).names(),
            (Strings{"default", "offline", "ok-1_x", "opencode"}));
}

TEST(ProfileStore, InvalidNamesAreNeverLookedUp) {
  TempDir dir;
  dir.write("x.toml", "");
  ProfileStore store(dir.path() + "/sub");
  EXPECT_FALSE(store.find("../x"));
  EXPECT_FALSE(store.find(""));
  EXPECT_FALSE(store.find(std::string(65, 'a')));
  EXPECT_TRUE(is_valid_profile_name(std::string(64, 'a')));
}

TEST(ProfileStore, DirectoryInsteadOfAFileIsReported) {
  TempDir dir;
  std::filesystem::create_directory(dir.path() + "/default.toml");
  ProfileStore store(dir.path());
  Result<Profile> profile = resolve_profile("default", store, fake_context());
  ASSERT_EQ(profile.errors.size(), 1u);
  EXPECT_EQ(profile.errors[0].str(), dir.path() + "/default.toml: not a regular file");
}

TEST(ProfileStore, OverLargeFileIsRefused) {
  TempDir dir;
  dir.write("big.toml", std::string(1024 * 1024 + 1, '#'));
  ProfileStore store(dir.path());
  Result<Profile> profile = resolve_profile("big", store, fake_context());
  ASSERT_EQ(profile.errors.size(), 1u);
  EXPECT_EQ(profile.errors[0].str(), dir.path() + "/big.toml: file is larger than 1 MiB");
}

TEST(ProfileStore, UnreadableFileIsReportedNotSkipped) {
  TempDir dir;
  std::string file = dir.path() + "/loop.toml";
  std::filesystem::create_symlink(file, file);
  Result<Profile> profile = resolve_profile("loop", ProfileStore(dir.path()), fake_context());
  ASSERT_EQ(profile.errors.size(), 1u);
  EXPECT_EQ(profile.errors[0].str(), file + ": cannot read: too many levels of symbolic links");
}

TEST(ProfileStore, DanglingSymlinkIsReportedNotSkipped) {
  TempDir dir;
  std::string file = dir.path() + "/default.toml";
  std::filesystem::create_symlink(dir.path() + "/gone.toml", file);
  Result<Profile> profile = resolve_profile("default", ProfileStore(dir.path()), fake_context());
  ASSERT_EQ(profile.errors.size(), 1u);
  EXPECT_EQ(profile.errors[0].str(), file + ": dangling symbolic link");
}

TEST(ProfileStore, LoadProfileFileNamesItAfterTheFile) {
  TempDir dir;
  std::string file = dir.write("check-me.toml", "extends = \"default\"\n");
  Result<ProfileText> text = load_profile_file(file);
  ASSERT_TRUE(text);
  EXPECT_EQ(text.value->name, "check-me");
  EXPECT_EQ(text.value->filename, file);
  EXPECT_FALSE(text.value->builtin);
  EXPECT_TRUE(resolve_profile_text(*text.value, ProfileStore(""), fake_context()));
}

TEST(ProfileStore, LoadProfileFileReportsAMissingFile) {
  Result<ProfileText> text = load_profile_file("/tmp/sandmux-config-test-missing.toml");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.errors[0].str(), "/tmp/sandmux-config-test-missing.toml: no such file");
}

}  // namespace
}  // namespace sandmux::config

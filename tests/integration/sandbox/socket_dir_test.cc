// Attacks on the jail's directories: each planted obstacle is refused with a clear
// message, before any sandbox starts.
#include "sandbox/socket_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "sandbox/errors.h"
#include "tests/integration/sandbox/sandmux_fixture.h"

namespace sandmux::testing {
namespace {

std::string refusal(const std::string& path) {
  try {
    sandbox::open_private_dir_path(path, ::getuid());
  } catch (const sandbox::SandboxError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(SocketDir, CreatesAMissingDirectory0700) {
  TempDir tmp;
  const std::string dir = tmp / "base";
  const sandbox::UniqueFd fd = sandbox::open_private_dir_path(dir, ::getuid());
  struct stat st {};
  ASSERT_EQ(::lstat(dir.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_EQ(st.st_uid, ::getuid());
  EXPECT_EQ(refusal(dir), "(accepted)");  // and again, when it exists
}

TEST(SocketDir, RefusesASymlink) {
  TempDir tmp;
  std::filesystem::create_directory(tmp / "real");
  ::chmod((tmp / "real").c_str(), 0700);
  std::filesystem::create_directory_symlink(tmp / "real", tmp / "base");
  EXPECT_EQ(refusal(tmp / "base"), "refusing directory '" + (tmp / "base") + "': it is a symlink");
}

TEST(SocketDir, RefusesADanglingSymlinkWithoutCreatingItsTarget) {
  TempDir tmp;
  std::filesystem::create_directory_symlink(tmp / "target", tmp / "base");
  EXPECT_EQ(refusal(tmp / "base"), "refusing directory '" + (tmp / "base") + "': it is a symlink");
  EXPECT_FALSE(exists(tmp / "target"));
}

TEST(SocketDir, RefusesGroupOrWorldAccess) {
  TempDir tmp;
  for (const mode_t mode : {0770, 0701, 0755, 0710}) {
    const std::string dir = tmp / ("d" + std::to_string(mode));
    ::mkdir(dir.c_str(), 0700);
    ::chmod(dir.c_str(), mode);
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
    EXPECT_EQ(refusal(dir), "refusing directory '" + dir + "': mode " + octal +
                                " gives group or other access; it must be 0700");
  }
}

TEST(SocketDir, RefusesAForeignOwner) {
  TempDir tmp;
  std::string dir;
  if (::getuid() == 0) {
    dir = tmp / "foreign";
    ::mkdir(dir.c_str(), 0700);
    ASSERT_EQ(::chown(dir.c_str(), 65534, 65534), 0);
  } else {
    dir = "/usr";  // root's: an unprivileged user cannot make a directory for someone else
  }
  struct stat st {};
  ASSERT_EQ(::lstat(dir.c_str(), &st), 0);
  EXPECT_EQ(refusal(dir), "refusing directory '" + dir + "': it is owned by uid " +
                              std::to_string(st.st_uid) + ", not by you (uid " +
                              std::to_string(::getuid()) + ")");
}

TEST(SocketDir, RefusesAFile) {
  TempDir tmp;
  write_file(tmp / "file", "x", 0600);
  EXPECT_EQ(refusal(tmp / "file"), "refusing directory '" + (tmp / "file") +
                                       "': it is not a directory");
}

TEST(SocketDir, JailDirectoryPlantedAsSymlinkInsideTheBaseIsRefused) {
  TempDir tmp;
  const sandbox::JailPaths paths = sandbox::make_jail_paths(tmp / "base", "p", "/x");
  sandbox::prepare_jail_dirs(paths, ::getuid());  // a clean start works
  std::filesystem::remove_all(paths.socket_dir);
  std::filesystem::create_directory_symlink(tmp.path(), paths.socket_dir);
  try {
    sandbox::prepare_jail_dirs(paths, ::getuid());
    FAIL();
  } catch (const sandbox::SandboxError& e) {
    EXPECT_EQ(std::string(e.what()), "refusing directory '" + paths.socket_dir + "': it is a symlink");
  }
}

using SandmuxRunSocketDir = SandmuxFixture;

// The same refusal through the CLI: exit 125 and one clear line, nothing runs.
TEST_F(SandmuxRunSocketDir, PlantedBaseSymlinkStopsRunWith125) {
  std::filesystem::create_directories(m_tmp / "attacker");
  ::chmod((m_tmp / "attacker").c_str(), 0700);
  std::filesystem::create_directory_symlink(m_tmp / "attacker", jail_base());
  const ProcessResult r = run({"--", "sh", "-c", "echo ran > ran.txt"});
  EXPECT_EQ(r.status, 125);
  EXPECT_EQ(r.err, "sandmux: run: refusing directory '" + jail_base() + "': it is a symlink\n");
  EXPECT_FALSE(exists(m_project + "/ran.txt"));
}

TEST_F(SandmuxRunSocketDir, LooseBasePermissionsStopRunWith125) {
  ::mkdir(jail_base().c_str(), 0700);
  ::chmod(jail_base().c_str(), 0777);
  const ProcessResult r = run({"true"});
  EXPECT_EQ(r.status, 125);
  EXPECT_EQ(r.err, "sandmux: run: refusing directory '" + jail_base() +
                       "': mode 0777 gives group or other access; it must be 0700\n");
}

TEST_F(SandmuxRunSocketDir, SocketPathTooLongIsAClearError) {
  const std::string deep = m_tmp / std::string(90, 'r');
  std::filesystem::create_directories(deep);
  ::chmod(deep.c_str(), 0700);
  auto env = m_env;
  env["XDG_RUNTIME_DIR"] = deep;
  const ProcessResult r = run_with({"true"}, env);
  EXPECT_EQ(r.status, 125);
  EXPECT_NE(r.err.find("more than a unix socket allows (107); choose a shorter "
                       "socket_dir_base"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace sandmux::testing

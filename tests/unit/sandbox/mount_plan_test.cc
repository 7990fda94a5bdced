#include "sandbox/mount_plan.h"

#include <gtest/gtest.h>

#include "sandbox/errors.h"
#include "tests/unit/sandbox/fake_host_fs.h"

namespace sandmux::sandbox {
namespace {

using testing::FakeHostFs;

Policy project_policy() {
  Policy policy;
  policy.project = "/home/u/proj";
  policy.ro = {{"/usr", false}, {"/etc", false}};
  policy.rw = {{"/home/u/proj", false}};
  return policy;
}

std::string refusal(const Policy& policy, const FakeHostFs& fs) {
  try {
    plan_mounts({policy, "/home/u", 1000, "", ""}, fs);
  } catch (const SandboxError& e) {
    return e.what();
  }
  return "(no error)";
}

const PlannedMount* find(const std::vector<PlannedMount>& mounts, const std::string& dest) {
  for (const PlannedMount& mount : mounts) {
    if (mount.dest == dest) return &mount;
  }
  return nullptr;
}

TEST(MountPlan, GitDirectoryOfAWritableProjectIsReadOnlyOnTop) {
  const auto mounts = plan_mounts({project_policy(), "/home/u", 1000, "", ""}, testing::debian_host());
  const PlannedMount* git = find(mounts, "/home/u/proj/.git");
  ASSERT_NE(git, nullptr);
  EXPECT_EQ(*git, (PlannedMount{MountKind::ro_bind, "/home/u/proj/.git", "/home/u/proj/.git"}));
  EXPECT_LT(find(mounts, "/home/u/proj"), git);  // the project first, the overlay on top
}

TEST(MountPlan, WritableGitMetadataKeepsConfigAndHooksReadOnlyOnTop) {
  Policy policy = project_policy();
  policy.git_metadata = GitMetadata::writable;
  const auto mounts = plan_mounts({policy, "/home/u", 1000, "", ""}, testing::debian_host());
  EXPECT_EQ(find(mounts, "/home/u/proj/.git")->kind, MountKind::bind);
  EXPECT_LT(find(mounts, "/home/u/proj/.git"), find(mounts, "/home/u/proj/.git/hooks"));
  EXPECT_EQ(find(mounts, "/home/u/proj/.git/hooks")->kind, MountKind::ro_bind);
  EXPECT_EQ(find(mounts, "/home/u/proj/.git/config")->kind, MountKind::ro_bind);
}

TEST(MountPlan, NoGitOverlayForAReadOnlyProject) {
  Policy policy = project_policy();
  policy.ro.push_back({"/home/u/proj", false});
  policy.rw.clear();
  const auto mounts = plan_mounts({policy, "/home/u", 1000, "", ""}, testing::debian_host());
  EXPECT_EQ(find(mounts, "/home/u/proj/.git"), nullptr);
  EXPECT_EQ(find(mounts, "/home/u/proj")->kind, MountKind::ro_bind);
}

TEST(MountPlan, SymlinkedGitHooksInAWritableProjectIsRefused) {
  FakeHostFs fs = testing::debian_host();
  fs.dir("/home/u/.ssh").link("/home/u/proj/.git/hooks", "/home/u/.ssh");
  Policy policy = project_policy();
  policy.git_metadata = GitMetadata::writable;
  EXPECT_EQ(refusal(policy, fs),
            "refusing '/home/u/proj/.git/hooks' (git metadata): it passes through the symlink "
            "'/home/u/proj/.git/hooks', which lies in a read-write grant (sandboxed code "
            "could have planted it)");
}

TEST(MountPlan, SymlinkedDotGitInAWritableProjectIsRefused) {
  FakeHostFs fs = testing::debian_host();
  fs.dir("/home/u/other/.git/hooks").link("/home/u/proj2/.git", "/home/u/other/.git");
  Policy policy = project_policy();
  policy.project = "/home/u/proj2";
  policy.rw = {{"/home/u/proj2", false}};
  EXPECT_EQ(refusal(policy, fs),
            "refusing '/home/u/proj2/.git': a .git that is no directory or regular file, in a "
            "read-write grant (sandboxed code could have planted it)");
}

TEST(MountPlan, GrantThroughAPlantedSymlinkIsRefused) {
  FakeHostFs fs = testing::debian_host();
  fs.dir("/root/secrets").link("/home/u/proj/cache", "/root");
  Policy policy = project_policy();
  policy.ro.push_back({"/home/u/proj/cache/secrets", false});
  EXPECT_EQ(refusal(policy, fs),
            "refusing '/home/u/proj/cache/secrets': it passes through the symlink "
            "'/home/u/proj/cache', which lies in a read-write grant (sandboxed code could "
            "have planted it)");
}

TEST(MountPlan, UsersOwnSymlinkIsFollowedToACanonicalSource) {
  FakeHostFs fs = testing::debian_host();
  fs.dir("/home/u/dotfiles/config/opencode").link("/home/u/.config", "dotfiles/config");
  Policy policy = project_policy();
  policy.rw.push_back({"/home/u/.config/opencode", false});
  const auto mounts = plan_mounts({policy, "/home/u", 1000, "", ""}, fs);
  const PlannedMount* grant = find(mounts, "/home/u/.config/opencode");
  ASSERT_NE(grant, nullptr);
  EXPECT_EQ(*grant, (PlannedMount{MountKind::bind, "/home/u/dotfiles/config/opencode",
                                  "/home/u/.config/opencode"}));
}

TEST(MountPlan, OptionalMissingIsSkippedRequiredMissingIsAnError) {
  Policy policy = project_policy();
  policy.ro.push_back({"/home/u/.gitconfig", true});
  const auto mounts = plan_mounts({policy, "/home/u", 1000, "", ""}, testing::debian_host());
  EXPECT_EQ(find(mounts, "/home/u/.gitconfig"), nullptr);
  policy.ro.back().optional = false;
  EXPECT_EQ(refusal(policy, testing::debian_host()),
            "required path '/home/u/.gitconfig' (ro) does not exist; mark it optional with a "
            "trailing '?'");
}

TEST(MountPlan, HostProcIsNeverGranted) {
  Policy policy = project_policy();
  policy.ro.push_back({"/proc/1/environ", false});
  EXPECT_EQ(refusal(policy, testing::debian_host()),
            "refusing ro grant '/proc/1/environ': the host /proc is never exposed");
}

TEST(MountPlan, ProjectMustBeVisible) {
  Policy policy = project_policy();
  policy.rw.clear();
  EXPECT_EQ(refusal(policy, testing::debian_host()),
            "project directory '/home/u/proj' is not visible in the sandbox: the profile "
            "grants neither ro nor rw on it");
}

TEST(MountPlan, SamePathTwiceKeepsTheStrongerKind) {
  Policy policy = project_policy();
  policy.ro.push_back({"/home/u/proj", false});
  policy.tmpfs.push_back({"/home/u/proj", false});
  const auto mounts = plan_mounts({policy, "/home/u", 1000, "", ""}, testing::debian_host());
  EXPECT_EQ(find(mounts, "/home/u/proj")->kind, MountKind::bind);
  int count = 0;
  for (const PlannedMount& mount : mounts) count += mount.dest == "/home/u/proj";
  EXPECT_EQ(count, 1);
}

TEST(MountPlan, ParentsComeBeforeChildren) {
  FakeHostFs fs = testing::debian_host();
  fs.dir("/tmp/work/.git/hooks");
  Policy policy = project_policy();
  policy.project = "/tmp/work";
  policy.rw = {{"/tmp/work", false}};
  const auto mounts = plan_mounts({policy, "/home/u", 1000, "/run/sock", ""}, fs);
  for (std::size_t i = 0; i < mounts.size(); ++i) {
    for (std::size_t j = i + 1; j < mounts.size(); ++j) {
      EXPECT_FALSE(path_within(mounts[i].dest, mounts[j].dest) &&
                   mounts[i].dest != mounts[j].dest)
          << mounts[i].dest << " before its parent " << mounts[j].dest;
    }
  }
  EXPECT_NE(find(mounts, "/tmp/tmux-1000"), nullptr);
  EXPECT_EQ(find(mounts, "/tmp/work/.git")->kind, MountKind::ro_bind);  // no repository
}

TEST(MountPlan, RealTopLevelDirectoriesAreBoundReadOnly) {
  FakeHostFs fs;
  fs.dir("/usr/bin").dir("/bin").dir("/lib").dir("/etc").dir("/home/u/proj");
  const auto mounts = plan_mounts({project_policy(), "/home/u", 1000, "", ""}, fs);
  EXPECT_EQ(*find(mounts, "/bin"), (PlannedMount{MountKind::ro_bind, "/bin", "/bin"}));
  EXPECT_EQ(*find(mounts, "/lib"), (PlannedMount{MountKind::ro_bind, "/lib", "/lib"}));
  EXPECT_EQ(find(mounts, "/lib64"), nullptr);
}

TEST(MountPlan, ReadOnlyRootSkipsTheMergedUsrLinks) {
  Policy policy = project_policy();
  policy.ro = {{"/", false}};
  const auto mounts = plan_mounts({policy, "/home/u", 1000, "", ""}, testing::debian_host());
  EXPECT_EQ(find(mounts, "/bin"), nullptr);
  EXPECT_EQ(mounts.front(), (PlannedMount{MountKind::ro_bind, "/", "/"}));
}

}  // namespace
}  // namespace sandmux::sandbox

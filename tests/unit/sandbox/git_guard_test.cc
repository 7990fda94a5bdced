#include "sandbox/git_guard.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "sandbox/errors.h"
#include "tests/unit/sandbox/fake_host_fs.h"
#include "tests/unit/sandbox/git_index_bytes.h"

namespace sandmux::sandbox {
namespace {

using testing::FakeHostFs;
using Mounts = std::vector<PlannedMount>;

constexpr const char* kProject = "/home/u/proj";

GitGuardRequest project_request(GitMetadata metadata = GitMetadata::read_only) {
  GitGuardRequest request;
  request.grants = {{"/usr", "/usr", false}, {kProject, kProject, true}};
  request.project = kProject;
  request.home = "/home/u";
  request.metadata = metadata;
  return request;
}

Mounts sorted(Mounts mounts) {
  std::sort(mounts.begin(), mounts.end(),
            [](const PlannedMount& a, const PlannedMount& b) { return a.dest < b.dest; });
  return mounts;
}

Mounts guard(const GitGuardRequest& request, const FakeHostFs& fs) {
  return sorted(plan_git_guard(request, fs));
}

std::string refusal(const GitGuardRequest& request, const FakeHostFs& fs) {
  try {
    plan_git_guard(request, fs);
  } catch (const SandboxError& e) {
    return e.what();
  }
  return "(no error)";
}

PlannedMount ro(const std::string& path) { return {MountKind::ro_bind, path, path}; }
PlannedMount rw(const std::string& path) { return {MountKind::bind, path, path}; }
PlannedMount placeholder(const std::string& path) { return {MountKind::ro_tmpfs, "", path}; }

FakeHostFs project_with_git(const std::string& config = "[core]\n") {
  FakeHostFs fs;
  fs.git_dir("/home/u/proj/.git", config).file("/home/u/proj/main.c", "int main;\n");
  return fs;
}

TEST(GitGuard, ProjectGitDirectoryIsReadOnlyByDefault) {
  EXPECT_EQ(guard(project_request(), project_with_git()), (Mounts{ro("/home/u/proj/.git")}));
}

TEST(GitGuard, ProjectWithoutGitGetsAReadOnlyPlaceholder) {
  FakeHostFs fs;
  fs.file("/home/u/proj/main.c");
  EXPECT_EQ(guard(project_request(), fs), (Mounts{placeholder("/home/u/proj/.git")}));
}

TEST(GitGuard, ADotGitThatIsNoRepositoryIsReadOnlyEvenWhenWritable) {
  FakeHostFs fs;
  fs.dir("/home/u/proj/.git");
  EXPECT_EQ(guard(project_request(GitMetadata::writable), fs), (Mounts{ro("/home/u/proj/.git")}));
}

TEST(GitGuard, WritableMetadataBindsTheGitDirWithWhatGitReadsReadOnly) {
  FakeHostFs fs = project_with_git();
  fs.dir("/home/u/proj/.git/info").file("/home/u/proj/.git/info/exclude");
  EXPECT_EQ(guard(project_request(GitMetadata::writable), fs),
            (Mounts{rw("/home/u/proj/.git"), ro("/home/u/proj/.git/config"),
                    ro("/home/u/proj/.git/hooks"), ro("/home/u/proj/.git/info"),
                    placeholder("/home/u/proj/.git/modules"),
                    placeholder("/home/u/proj/.git/worktrees")}));
}

TEST(GitGuard, NestedRepositoriesAndGitFilesAreProtected) {
  FakeHostFs fs = project_with_git();
  fs.git_dir("/home/u/proj/vendor/lib/.git");
  fs.git_dir("/home/u/proj/.git/modules/sub");
  fs.file("/home/u/proj/sub/.git", "gitdir: ../.git/modules/sub\n");
  EXPECT_EQ(guard(project_request(), fs),
            (Mounts{ro("/home/u/proj/.git"), ro("/home/u/proj/sub/.git"),
                    ro("/home/u/proj/vendor/lib/.git")}));
}

TEST(GitGuard, SubmoduleGitDirGetsItsOwnGuardWhenMetadataIsWritable) {
  FakeHostFs fs = project_with_git();
  fs.git_dir("/home/u/proj/.git/modules/sub");
  fs.file("/home/u/proj/sub/.git", "gitdir: ../.git/modules/sub\n");
  const Mounts mounts = guard(project_request(GitMetadata::writable), fs);
  // modules/ is read-only, and so the submodule's git directory inside it.
  EXPECT_NE(std::find(mounts.begin(), mounts.end(), ro("/home/u/proj/.git/modules")),
            mounts.end());
  EXPECT_NE(std::find(mounts.begin(), mounts.end(), ro("/home/u/proj/sub/.git")), mounts.end());
  for (const PlannedMount& mount : mounts) {
    EXPECT_FALSE(mount.kind == MountKind::bind && mount.dest != "/home/u/proj/.git") << mount.dest;
  }
}

TEST(GitGuard, LinkedWorktreeProtectsItsGitDirAndTheCommonDir) {
  FakeHostFs fs;
  fs.git_dir("/home/u/main/.git");
  fs.file("/home/u/main/.git/worktrees/wt/HEAD", "ref: refs/heads/wt\n");
  fs.file("/home/u/main/.git/worktrees/wt/commondir", "../..\n");
  fs.file("/home/u/wt/.git", "gitdir: /home/u/main/.git/worktrees/wt\n");
  GitGuardRequest request = project_request();
  request.project = "/home/u/wt";
  request.grants = {{"/home/u/wt", "/home/u/wt", true}, {"/home/u/main", "/home/u/main", true}};
  EXPECT_EQ(guard(request, fs),
            (Mounts{ro("/home/u/main/.git"), ro("/home/u/main/.git/worktrees/wt"),
                    ro("/home/u/wt/.git")}));
}

TEST(GitGuard, UnpopulatedSubmoduleIsReadOnly) {
  FakeHostFs fs = project_with_git();
  fs.file("/home/u/proj/.git/index",
          testing::index(2, {testing::entry(0160000, "libs/empty", 2),
                             testing::entry(0160000, "libs/gone", 2),
                             testing::entry(0160000, "libs/full", 2),
                             testing::entry(0100644, "main.c", 2)}));
  fs.dir("/home/u/proj/libs/empty").git_dir("/home/u/proj/libs/full/.git");
  EXPECT_EQ(guard(project_request(), fs),
            (Mounts{ro("/home/u/proj/.git"), ro("/home/u/proj/libs/empty"),
                    ro("/home/u/proj/libs/full/.git"), placeholder("/home/u/proj/libs/gone")}));
}

TEST(GitGuard, GitFileNamingAMissingDirectoryInAGrantIsRefused) {
  FakeHostFs fs = project_with_git();
  fs.file("/home/u/proj/sub/.git", "gitdir: ../later\n");
  EXPECT_EQ(refusal(project_request(), fs),
            "refusing '/home/u/proj/sub/.git': it names the git directory '/home/u/proj/later', "
            "which is missing in a read-write grant (sandboxed code could create it)");
}

TEST(GitGuard, GitFileOutsideEveryGrantNeedsNothingMore) {
  FakeHostFs fs;
  fs.git_dir("/srv/repo.git");
  fs.file("/home/u/proj/.git", "gitdir: /srv/repo.git\n");
  EXPECT_EQ(guard(project_request(), fs), (Mounts{ro("/home/u/proj/.git")}));
}

TEST(GitGuard, WhatTheConfigNamesInAGrantIsReadOnly) {
  FakeHostFs fs = project_with_git(
      "[include]\n  path = shared.gitconfig\n"
      "[core]\n  hooksPath = .githooks\n  fsmonitor = \"./tools/fsmon --fast\"\n"
      "  editor = vi\n  pager = /usr/bin/less\n"
      "[alias]\n  x = !./x.sh arg\n"
      "[filter \"crypt\"]\n  clean = tools/clean\n");
  fs.file("/home/u/proj/.git/shared.gitconfig", "[core]\n  sshCommand = ./ssh-wrapper -v\n");
  fs.file("/home/u/proj/tools/fsmon").file("/home/u/proj/x.sh").file("/home/u/proj/tools/clean");
  fs.file("/home/u/proj/ssh-wrapper");
  EXPECT_EQ(guard(project_request(), fs),
            (Mounts{ro("/home/u/proj/.git"), placeholder("/home/u/proj/.githooks"),
                    ro("/home/u/proj/ssh-wrapper"), ro("/home/u/proj/tools/clean"),
                    ro("/home/u/proj/tools/fsmon"), ro("/home/u/proj/x.sh")}));
}

TEST(GitGuard, WhatTheGlobalConfigNamesInAGrantIsReadOnly) {
  FakeHostFs fs = project_with_git();
  fs.file("/home/u/.gitconfig",
          "[includeIf \"gitdir:~/proj/\"]\n  path = ~/proj/.gitconfig-local\n"
          "[core]\n  editor = vim\n");
  fs.file("/home/u/.config/git/config", "[core]\n  hooksPath = ~/proj/hooks\n");
  fs.file("/home/u/proj/.gitconfig-local", "[core]\n  pager = ./pager.sh\n");
  fs.file("/home/u/proj/pager.sh");
  EXPECT_EQ(guard(project_request(), fs),
            (Mounts{ro("/home/u/proj/.git"), ro("/home/u/proj/.gitconfig-local"),
                    placeholder("/home/u/proj/hooks"), ro("/home/u/proj/pager.sh")}));
}

TEST(GitGuard, MissingFileTheConfigNamesInAGrantIsRefused) {
  FakeHostFs fs = project_with_git("[include]\n  path = ~/proj/later.cfg\n");
  EXPECT_EQ(refusal(project_request(), fs),
            "refusing: git config include.path names '/home/u/proj/later.cfg', which is "
            "missing in a read-write grant (sandboxed code could create it)");
}

TEST(GitGuard, SymlinkedHooksPathInAGrantIsRefused) {
  FakeHostFs fs = project_with_git("[core]\n  hooksPath = .githooks\n");
  fs.dir("/home/u/.ssh").link("/home/u/proj/.githooks", "/home/u/.ssh");
  EXPECT_EQ(refusal(project_request(), fs),
            "refusing '/home/u/proj/.githooks' (named by git config core.hookspath): it passes "
            "through the symlink '/home/u/proj/.githooks', which lies in a read-write grant "
            "(sandboxed code could have planted it)");
}

TEST(GitGuard, SymlinkedMetadataOfAGitDirNamedByAGitFileIsRefused) {
  FakeHostFs fs = project_with_git();
  fs.git_dir("/home/u/proj/gitdirs/sub").dir("/home/u/.ssh");
  fs.file("/home/u/proj/sub/.git", "gitdir: ../gitdirs/sub\n");
  fs.link("/home/u/proj/gitdirs/sub/info", "/home/u/.ssh");
  for (GitMetadata metadata : {GitMetadata::read_only, GitMetadata::writable}) {
    EXPECT_EQ(refusal(project_request(metadata), fs),
              "refusing '/home/u/proj/gitdirs/sub/info' (git metadata): it passes through the "
              "symlink '/home/u/proj/gitdirs/sub/info', which lies in a read-write grant "
              "(sandboxed code could have planted it)");
  }
}

TEST(GitGuard, WalkFollowsNoSymlinkAndSkipsReadOnlyParts) {
  FakeHostFs fs = project_with_git();
  fs.git_dir("/elsewhere/repo/.git").link("/home/u/proj/link", "/elsewhere/repo");
  fs.git_dir("/home/u/proj/docs/.git");
  GitGuardRequest request = project_request();
  request.grants.push_back({"/home/u/proj/docs", "/home/u/proj/docs", false});
  EXPECT_EQ(guard(request, fs), (Mounts{ro("/home/u/proj/.git")}));
}

TEST(GitGuard, WalkPastItsBoundRefusesToLaunch) {
  FakeHostFs fs = project_with_git();
  fs.dir("/home/u/proj/a/b").dir("/home/u/proj/c");
  GitGuardRequest request = project_request();
  request.max_dirs = 3;
  EXPECT_EQ(refusal(request, fs),
            "refusing project '/home/u/proj': it has more than 3 directories, too many to "
            "check every nested git repository in it; grant a smaller directory");
  request.max_dirs = 4;
  EXPECT_EQ(guard(request, fs), (Mounts{ro("/home/u/proj/.git")}));
}

TEST(GitGuard, OtherWritableGrantsGetTheirGitGuardedButNoPlaceholder) {
  FakeHostFs fs = project_with_git();
  fs.git_dir("/home/u/dotfiles/.git").dir("/home/u/.cache/tool");
  GitGuardRequest request = project_request();
  request.grants.push_back({"/home/u/dotfiles", "/home/u/dotfiles", true});
  request.grants.push_back({"/home/u/.cache/tool", "/home/u/.cache/tool", true});
  EXPECT_EQ(guard(request, fs), (Mounts{ro("/home/u/dotfiles/.git"), ro("/home/u/proj/.git")}));
}

TEST(GitGuard, AGrantSeenElsewhereGetsItsMountsAtTheInsidePath) {
  FakeHostFs fs;
  fs.git_dir("/data/real/.git");
  GitGuardRequest request;
  request.grants = {{"/data/real", "/home/u/proj", true}};
  request.project = "/data/real";
  EXPECT_EQ(guard(request, fs),
            (Mounts{{MountKind::ro_bind, "/data/real/.git", "/home/u/proj/.git"}}));
}

}  // namespace
}  // namespace sandmux::sandbox

#pragma once
// The mounts that keep host git from running code a sandbox chose. Pure over a HostFs.
//
// Host git trusts a repository's metadata: its config names programs (core.fsmonitor,
// core.hooksPath, ...), hooks/ holds programs, commondir and a `.git` file redirect it
// to other metadata, modules/ and worktrees/ are the metadata of submodules and linked
// worktrees. So for every repository a sandbox could write (the project, each nested
// repository in it, the `.git` of every other read-write grant):
//  - its `.git` (directory or file) is a mount point, bound over itself, so it cannot be
//    renamed, removed or replaced;
//  - GitMetadata::read_only (the default): the whole git directory is read-only;
//  - GitMetadata::writable: the git directory stays writable (commits work) but every
//    name git reads as configuration or as a path is read-only, missing directories
//    among them get an empty read-only placeholder. Residual risk, named by the profile:
//    a missing `commondir` cannot be covered (git would read any placeholder), so a
//    sandbox can still create one and redirect host git to a config it wrote;
//  - files and programs that the repository's config, or the user's global config
//    (~/.gitconfig, ~/.config/git/config), names inside a read-write grant
//    (include.path, includeIf.*.path, core.hooksPath, core.fsmonitor, editors, pagers,
//    filter and diff drivers, ...) are read-only too; a missing one is refused, except
//    a hooks directory, which gets a placeholder;
//  - a project with no `.git` gets an empty read-only placeholder directory there;
//  - each unpopulated submodule (a gitlink in the index whose directory has no `.git`)
//    is read-only, or an empty read-only placeholder when missing, because host
//    `git status` enters every populated one;
//  - a symlink on any of these paths inside a read-write grant is refused.
// Nested repositories are found by a walk of the project that follows no symlink and
// does not enter `.git`; past kMaxWalkedDirs directories it refuses to launch rather
// than leave repositories unchecked. A `.git` a sandbox creates later, below the
// project, is not covered (see the profile's note).
#include <cstddef>
#include <string>
#include <vector>

#include "sandbox/host_fs.h"
#include "sandbox/mount_plan.h"

namespace sandmux::sandbox {

/// How many directories of the project the walk for nested repositories visits.
inline constexpr std::size_t kMaxWalkedDirs = 50000;

/// A bind of the sandbox: canonical host SOURCE seen at DEST inside.
struct GitGuardGrant {
  std::string source;
  std::string dest;
  bool writable = false;
};

struct GitGuardRequest {
  std::vector<GitGuardGrant> grants;  // every ro and rw bind of the plan
  std::string project;                // canonical host path; walked when writable; or empty
  std::string home;                   // what a leading "~/" in git config means
  GitMetadata metadata = GitMetadata::read_only;
  std::size_t max_dirs = kMaxWalkedDirs;
};

/// The mounts, in no particular order (the caller orders by destination). Throws
/// SandboxError for a symlink among the protected paths, a missing file the config
/// names inside a writable grant, a `.git` file naming a missing directory there, or a
/// project larger than the walk's bound.
std::vector<PlannedMount> plan_git_guard(const GitGuardRequest& request, const HostFs& fs);

}  // namespace sandmux::sandbox

#pragma once
// The project directory, opened once. Its canonical path is read back from the open
// descriptor, judged by config/project_location.h, and the descriptor itself is what
// the sandbox binds (bwrap --bind-fd): a symlink swapped in after the check changes
// nothing. Used by `run` and by the broker's `new` alike (through prepare_jail).
#include <optional>
#include <string>
#include <vector>

#include "broker/profile_loading.h"
#include "config/profile.h"
#include "sandbox/unique_fd.h"

namespace sandmux::broker {

struct ProjectDir {
  std::string given;  ///< as the user named it
  std::string path;   ///< canonical: where the descriptor really is
  sandbox::UniqueFd fd;  ///< O_PATH | O_DIRECTORY | O_CLOEXEC
};

/// Opens DIR (following symlinks). Not an existing directory: a usage error (exit 2).
ProjectDir open_project_dir(const std::string& dir);

/// Refuses PROJECT (exit 125, one line saying why and how to allow it) when
/// config::project_refusal does, given CONTEXT's home and allow_projects and the
/// profile's READ_ONLY grants.
void refuse_dangerous_project(const ProjectDir& project, const ProfileContext& context,
                              const std::vector<config::PathGrant>& read_only);

}  // namespace sandmux::broker

#pragma once
// Which directories may be a project: the canonical project directory is granted
// read-write, so it must not be a system directory, the home directory or one of its
// dot-directories (where tools keep configuration), a place the host runs
// (host_executed.h), or something the profile means to be read-only. A symlink named as
// the project does not matter: only where it resolves to is judged. Pure.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/profile.h"

namespace sandmux::config {

/// Why CANONICAL (absolute, normalised, symlink-free) may not be a project, or nullopt.
/// READ_ONLY are the profile's read-only grants (empty before a profile is loaded).
/// ALLOWED (absolute, normalised) are the settings' allow_projects: the project is
/// accepted when it is one of them or inside one.
std::optional<std::string> project_refusal(std::string_view canonical, std::string_view home,
                                           const std::vector<PathGrant>& read_only,
                                           const std::vector<std::string>& allowed);

/// ALLOWED with a leading "~" replaced by HOME.
std::vector<std::string> expand_allowed_projects(const std::vector<std::string>& allowed,
                                                 std::string_view home);

}  // namespace sandmux::config

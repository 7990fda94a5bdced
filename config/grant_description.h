#pragma once
// One line per grant of a resolved profile saying what it lets the sandbox do, for
// `profile show` and `doctor`. Pure.
#include <string>
#include <string_view>
#include <vector>

#include "config/profile.h"

namespace sandmux::config {

/// Lines like "rw  ~/src/app: read, create, change and delete anything under it; the
/// host sees the changes". Read-write grants that cover a place the host runs
/// (host_executed.h) say so. HOME abbreviates paths to '~'.
std::vector<std::string> describe_grants(const Profile& profile, std::string_view home);

}  // namespace sandmux::config

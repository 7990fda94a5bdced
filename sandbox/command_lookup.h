#pragma once
// Finds the program a sandbox will execute before the sandbox starts, so that sandmux can
// answer 127 (not found) and 126 (not executable) like a shell. bwrap 0.8 itself exits 1
// when its execvp fails, which would be indistinguishable from the program's own status.
// Pure over a HostFs: the search follows PATH as the sandbox will see it, and accepts
// only files that some bind of the plan makes visible inside.
#include <string>
#include <vector>

#include "sandbox/host_fs.h"
#include "sandbox/mount_plan.h"

namespace sandmux::sandbox {

enum class CommandStatus { found, not_found, not_executable };

struct CommandLookup {
  CommandStatus status = CommandStatus::not_found;
  std::string path;  // the file found (as the sandbox names it), when there is one
};

/// Looks NAME up like execvp(3): a name with a '/' is taken relative to CWD, others are
/// searched in PATH_VALUE (an empty entry means CWD). Files count only when their
/// canonical host path lies within a bind source of MOUNTS.
CommandLookup lookup_command(const std::string& name, const std::string& path_value,
                             const std::string& cwd, const std::vector<PlannedMount>& mounts,
                             const HostFs& fs);

}  // namespace sandmux::sandbox

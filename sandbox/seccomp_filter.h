#pragma once
// The seccomp filter every sandboxed process runs under (built with libseccomp).
#include <string>
#include <vector>

#include "sandbox/unique_fd.h"

namespace sandmux::sandbox {

/// Builds the built-in deny filter plus EXTRA_DENY (syscall names) and exports it as
/// BPF into a memfd at offset 0, ready for `bwrap --seccomp FD` (not close-on-exec).
/// Throws std::invalid_argument naming an unknown syscall; std::system_error when
/// seccomp itself fails (callers fail closed).
UniqueFd export_seccomp_filter(const std::vector<std::string>& extra_deny);

}  // namespace sandmux::sandbox

#pragma once
// The mount table of a sandbox, before it becomes bwrap arguments. Pure over a HostFs.
//
// Invariants of the result:
//  - ordered by destination, so every parent is mounted before what lies inside it
//    (a read-only .git lands on top of its read-write project);
//  - one mount per destination; when a path is named twice the stronger kind wins, in
//    the order tmpfs < ro < rw < the git guard's mounts (sandbox/git_guard.h) < the
//    socket dir;
//  - every bind source is canonical and exists; no source or destination passes through
//    a symlink located inside a read-write grant;
//  - /proc and /dev are always the sandbox's own; a grant under /proc is refused.
#include <string>
#include <vector>

#include "sandbox/host_fs.h"
#include "sandbox/policy.h"

namespace sandmux::sandbox {

/// ro_tmpfs: an empty read-only directory (a placeholder nothing can be created in).
enum class MountKind { symlink, proc, dev, tmpfs, ro_tmpfs, ro_bind, bind };

struct PlannedMount {
  MountKind kind;
  std::string source;  // bind: canonical host path; symlink: its target; else empty
  std::string dest;    // inside the sandbox
  int fd = -1;         // bind: when set, bwrap binds this open descriptor, not SOURCE

  friend bool operator==(const PlannedMount&, const PlannedMount&) = default;
};

struct MountRequest {
  const Policy& policy;
  std::string home;        // gets a tmpfs; empty: none
  unsigned uid = 0;        // names /tmp/tmux-UID
  std::string socket_dir;  // bound at /tmp/tmux-UID (see socket_dir_writable); empty: none
  std::string host_tmux_dir;  // the host's tmux socket dir, bound at kHostTmuxInside; or empty
  /// An O_PATH descriptor of policy.project, or -1. When set, the grant of exactly the
  /// project directory binds this descriptor (bwrap --bind-fd), so what was checked is
  /// what gets bound, whatever happens to the path meanwhile.
  int project_fd = -1;
  /// The socket dir read-write: only for the jail's tmux server, which creates its socket
  /// there (and has the bind sealed read-only right after: socket_dir_seal.h). Everything
  /// else only connects.
  bool socket_dir_writable = false;
};

/// Where a profile with expose_host_socket sees the host's tmux socket directory.
inline constexpr const char* kHostTmuxInside = "/run/host-tmux";

/// The sandbox's mounts. Throws SandboxError for a required path that is missing, a
/// grant passing through a symlink in a writable place, a grant under /proc, or a
/// project directory the sandbox would not see.
std::vector<PlannedMount> plan_mounts(const MountRequest& request, const HostFs& fs);

/// Where the jail's socket directory appears inside: "/tmp/tmux-UID".
std::string inside_socket_dir(unsigned uid);

}  // namespace sandmux::sandbox

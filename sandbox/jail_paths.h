#pragma once
// Where a jail lives on the host. One jail per (profile, canonical project directory):
//
//   BASE/                   0700, the user's   ($XDG_RUNTIME_DIR/sandmux or /tmp/sandmux-UID)
//   BASE/NAME/              0700  socket dir, bound inside at /tmp/tmux-UID
//   BASE/NAME/default             the confined tmux server's socket
//   BASE/NAME.state/        0700  never visible inside: server.log, server.pid, lock
//
// NAME is "<profile>-<project basename>-<16 hex digits of a hash of both>", short enough
// for sun_path, readable in `ls`, and different for every (profile, project) pair.
#include <string>

namespace sandmux::sandbox {

struct JailPaths {
  std::string base;
  std::string name;
  std::string socket_dir;  // BASE/NAME
  std::string socket;      // BASE/NAME/default
  std::string state_dir;   // BASE/NAME.state
};

/// The built-in base: RUNTIME_DIR/sandmux when RUNTIME_DIR is absolute, else
/// /tmp/sandmux-UID.
std::string default_socket_dir_base(const std::string& runtime_dir, unsigned uid);

/// NAME for PROFILE and PROJECT (canonical), as described above.
std::string jail_name(const std::string& profile, const std::string& project);

/// The paths of the jail. Throws SandboxError when the socket path would not fit in
/// sockaddr_un::sun_path (107 bytes), naming the base to shorten.
JailPaths make_jail_paths(const std::string& base, const std::string& profile,
                          const std::string& project);

/// The socket as a sandboxed tmux sees it: /tmp/tmux-UID/default.
std::string inside_socket_path(unsigned uid);

}  // namespace sandmux::sandbox

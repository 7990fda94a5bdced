#pragma once
// The processes of a running jail, seen from the host. The jail's sandbox has its own pid
// namespace; its pid 1 (bwrap, whose argv binds the jail's socket directory) is recorded
// in STATE/server.pid. Everything in that namespace is the jail: the tmux server and every
// window's processes. Killing its pid 1 with SIGKILL makes the kernel kill the rest, even
// when they are stopped (SIGSTOP) or ignore every catchable signal.
#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "sandbox/jail_paths.h"

namespace sandmux::sandbox {

/// The host pid of the jail's sandbox (its pid namespace's pid 1), or 0 when server.pid is
/// missing or the process it names is not that sandbox any more (checked by its argv).
pid_t jail_server_pid(const JailPaths& paths);

struct JailProcesses {
  std::vector<pid_t> pids;          ///< host pids in the jail's pid namespace, sorted
  std::uint64_t resident_bytes = 0;  ///< their summed VmRSS
};

/// The processes in the pid namespace of SERVER (a jail_server_pid), SERVER included.
JailProcesses jail_processes(pid_t server);

/// Kills with SIGKILL, from the host, every process of the jail of SERVER in the session
/// led by the process whose pid inside the jail is INNER_PID (a window's pane pid, as its
/// tmux server reports it): a window's processes, whatever its tmux server does (frozen,
/// hostile). Returns the host pids it signalled (none when INNER_PID is not in the jail).
std::vector<pid_t> kill_jail_session(pid_t server, long inner_pid);

}  // namespace sandmux::sandbox

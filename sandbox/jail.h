#pragma once
// The confined tmux server of a jail: `tmux -D` (foreground) inside bwrap + seccomp with
// the jail's policy, so the server and every window it spawns are sandboxed. Its socket
// directory is the jail's (bound at /tmp/tmux-UID), so a plain `tmux` inside any sandbox
// of the jail finds it.
//
// The server is no child of whoever starts it: it is double-forked into its own session,
// its bwrap has no --die-with-parent, its stdin is /dev/null and its stdout and stderr a
// pipe that the starter reads while the server comes up, keeping a bounded tail for the
// error when it does not. No host file is ever open inside the jail; once the server
// runs the starter closes its end, and later writes fail (tmux ignores SIGPIPE).
// On a failed start the tail is written to STATE/server.log by the host, for humans.
// Once the server's socket exists, the socket directory is sealed read-only inside the
// jail (socket_dir_seal.h): its windows cannot fill $XDG_RUNTIME_DIR.
// A later caller finds it by connecting to the socket; STATE/server.pid (the host pid of
// the sandbox's pid 1) is only a hint, used to stop it and checked before use.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "sandbox/environment.h"
#include "sandbox/jail_paths.h"
#include "sandbox/policy.h"
#include "sandbox/unique_fd.h"

namespace sandmux::sandbox {

struct JailSpec {
  Policy policy;  // the jail's profile; policy.project is the project directory
  JailPaths paths;
  EnvMap caller_env;
  std::string home;  // HOME inside
  unsigned uid = 0;
  std::string bwrap = "/usr/bin/bwrap";
  std::string tmux = "tmux";  // the tmux program, as found inside
  std::chrono::milliseconds start_timeout{10000};
};

/// True when something accepts connections on PATHS.socket, which must be a socket
/// (a symlink planted there counts as nothing running).
bool jail_server_running(const JailPaths& paths);

enum class JailStart { already_running, started };

/// Makes sure the jail's confined server is running, starting it when not. The jail's
/// directories must have been prepared (prepare_jail_dirs). MAKE_SECCOMP yields a fresh
/// filter fd for the server's bwrap. Serialized by a lock in the state directory.
/// PROJECT_FD, when not -1, is an O_PATH descriptor of spec.policy.project that the
/// server's sandbox binds (see MountRequest::project_fd).
/// Throws SandboxError when the server does not come up (with the end of its output).
JailStart ensure_jail_server(const JailSpec& spec, const std::function<UniqueFd()>& make_seccomp,
                             int project_fd = -1);

/// Every jail under BASE (each NAME with a NAME.state directory), sorted by name: what a
/// restarted broker probes with jail_server_running to re-adopt its jails.
std::vector<JailPaths> find_jails(const std::string& base);

/// Marks the jail as used (by `sandmux run`) for as long as the returned fd is open in any
/// process: a shared flock on STATE/in-use. Close-on-exec; run hands it to its bwrap as
/// --sync-fd, so the lock lasts as long as the sandbox, not only sandmux's own process.
UniqueFd hold_jail_in_use(const JailPaths& paths);

/// True while some process holds hold_jail_in_use's lock on the jail.
bool jail_in_use(const JailPaths& paths);

/// Kills the jail's sandbox (server and windows) by its recorded pid, after checking that
/// the pid still is that sandbox. Returns false when there was none.
bool stop_jail_server(const JailPaths& paths);

}  // namespace sandmux::sandbox

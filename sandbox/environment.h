#pragma once
// The sandbox's environment: an allowlist, never a denylist. Nothing of the caller's
// environment reaches the sandbox unless it is named here or by the profile, so agent
// sockets (SSH_AUTH_SOCK), the session bus (DBUS_*), displays, the host tmux (TMUX*),
// XDG_RUNTIME_DIR and the loader (LD_*) stay outside unless a profile names them.
// git's variables (GIT_DIR, GIT_CONFIG_*, GIT_SSH_COMMAND, ...) never pass, even when a
// profile names them, except the author and committer identity (GIT_AUTHOR_*,
// GIT_COMMITTER_*): the sandbox's git must find the metadata sandbox/git_guard.h
// protects, and nothing else. A profile's `set` still applies.
// Values pass byte for byte: TERM inherited and TERM set on the command line are the
// same bytes in sandmux's environment and so the same bytes inside.
#include <map>
#include <string>
#include <vector>

namespace sandmux::sandbox {

/// NAME -> VALUE, sorted, as the launcher hands it to execve.
using EnvMap = std::map<std::string, std::string>;

/// Parses an environ-style array ("NAME=VALUE", NULL-terminated). The first entry of a
/// name wins, as with getenv(3); entries without '=' are ignored.
EnvMap parse_environ(const char* const* envp);

/// ENV's value of NAME, or "" when unset.
std::string env_value(const EnvMap& env, const std::string& name);

/// True for the names passed by default: PATH HOME USER LANG LC_* TERM COLORTERM TZ.
bool is_default_passed(const std::string& name);

/// False for GIT_* other than GIT_AUTHOR_* and GIT_COMMITTER_*: never passed through.
bool may_pass(const std::string& name);

struct EnvRequest {
  std::vector<std::string> pass;           // profile: extra names ("NAME" or "PREFIX*")
  std::map<std::string, std::string> set;  // profile: fixed values, applied last
  std::string home;                        // HOME inside (the tmpfs home)
  bool tmux_socket = false;                // the jail socket dir is bound: TMUX_TMPDIR=/tmp
};

/// The PATH used when the caller has none.
inline constexpr const char* kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

/// The environment inside the sandbox, from the caller's CALLER environment.
EnvMap build_environment(const EnvMap& caller, const EnvRequest& request);

/// "NAME=VALUE" strings in name order, for execve.
std::vector<std::string> to_environ(const EnvMap& env);

}  // namespace sandmux::sandbox

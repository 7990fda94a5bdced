#pragma once
// The profile model. A RawProfile is one TOML file as written (strings unexpanded,
// every value with its location); a Profile is the resolved result after `extends`
// merging, variable expansion and validation: what sandbox/ consumes.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostic.h"

namespace sandmux::config {

enum class NetworkMode { host, none };

/// "host" / "none".
const char* to_string(NetworkMode mode);

/// The mode named TEXT ("host" / "none"), or nullopt.
std::optional<NetworkMode> parse_network_mode(std::string_view text);

/// A string exactly as written in a profile, with where it was written.
struct Located {
  std::string text;
  Location where;
};

/// One profile file as written. Lists are appended to the parent's when merging;
/// scalars that are set replace the parent's.
struct RawProfile {
  Location file;  // line 0: the file itself
  std::optional<Located> extends;
  std::optional<Located> description;
  std::vector<Located> ro;                           // [filesystem] ro
  std::vector<Located> rw;                           // [filesystem] rw
  std::vector<Located> tmpfs;                        // [filesystem] tmpfs
  std::vector<Located> create;                       // [filesystem] create
  std::vector<Located> env_pass;                     // [env] pass
  std::vector<std::pair<Located, Located>> env_set;  // [env] set: name -> value
  std::optional<Located> network_mode;               // [network] mode
  std::vector<Located> seccomp_deny;                 // [seccomp] deny
  std::optional<bool> expose_host_socket;            // [tmux] expose_host_socket
  std::optional<bool> git_writable_metadata;         // [git] writable_metadata
};

/// An absolute, expanded, validated path grant.
struct PathGrant {
  std::string path;
  bool optional = false;  // written with a trailing '?': skipped when missing
  Location where;

  friend bool operator==(const PathGrant& a, const PathGrant& b) {
    return a.path == b.path && a.optional == b.optional;
  }
};

/// A fully resolved profile.
struct Profile {
  std::string name;
  std::string description;
  std::vector<std::string> chain;  // this profile's name first, then its ancestors
  std::vector<PathGrant> ro;
  std::vector<PathGrant> rw;
  std::vector<PathGrant> tmpfs;
  /// Directories the launcher creates (mode 0700, with parents) on the host before
  /// the sandbox starts, when missing. Each is also granted by `rw`.
  std::vector<PathGrant> create;
  std::vector<std::string> env_pass;           // names passed through from the caller
  std::map<std::string, std::string> env_set;  // names set to fixed values
  NetworkMode network = NetworkMode::host;
  std::vector<std::string> seccomp_deny;  // syscall names added to the built-in deny list
  bool expose_host_socket = false;
  /// [git] writable_metadata: the sandbox may write the metadata of the repositories it
  /// can write (commits work), except what git reads as configuration or as a path.
  bool git_writable_metadata = false;
};

/// What the variables in a profile expand to.
struct ExpandContext {
  std::string home;         // {home} and a leading ~
  std::string project;      // {project}
  std::string runtime_dir;  // {runtime_dir}; empty when $XDG_RUNTIME_DIR is unset
  unsigned uid = 0;         // {uid}
};

}  // namespace sandmux::config

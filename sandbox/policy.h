#pragma once
// What a sandbox may see and do, in sandbox/'s own terms. The broker turns a resolved
// config::Profile into a Policy (config/ and sandbox/ never include each other).
#include <map>
#include <string>
#include <vector>

namespace sandmux::sandbox {

enum class Network { shared, none };

/// Whether a sandbox may write the metadata of the git repositories it can write: see
/// sandbox/git_guard.h for what stays read-only either way.
enum class GitMetadata { read_only, writable };

/// An absolute host path made visible at the same path inside.
struct Mount {
  std::string path;
  bool optional = false;  // skipped when it does not exist on the host

  friend bool operator==(const Mount&, const Mount&) = default;
};

struct Policy {
  std::string project;  // absolute; the working directory inside the sandbox
  std::vector<Mount> ro;
  std::vector<Mount> rw;
  std::vector<Mount> tmpfs;
  std::vector<Mount> create;  // directories made (0700, with parents) before the start
  std::vector<std::string> env_pass;            // extra names passed from the caller
  std::map<std::string, std::string> env_set;  // names set to fixed values
  Network network = Network::shared;
  std::vector<std::string> seccomp_deny;  // syscall names added to the built-in list
  bool expose_host_socket = false;
  GitMetadata git_metadata = GitMetadata::read_only;
};

}  // namespace sandmux::sandbox

#include "config/grant_description.h"

#include "config/host_executed.h"
#include "config/path_expander.h"

namespace sandmux::config {
namespace {

std::string shown(const PathGrant& grant, std::string_view home) {
  std::string path = grant.path;
  if (!home.empty() && home != "/" && is_same_or_ancestor(home, path)) {
    path = "~" + path.substr(home.size());
  }
  return path + (grant.optional ? " (when it exists)" : "");
}

std::string read_write(const PathGrant& grant, std::string_view home) {
  std::string line = "rw     " + shown(grant, home) +
                     ": read, create, change and delete anything in it; the host keeps the changes";
  const std::vector<HostExecutedHit> hits = host_executed_covered_by(grant.path, home);
  if (!hits.empty()) line += "; WARNING: " + describe_host_executed(grant.path, hits, home);
  return line;
}

}  // namespace

std::vector<std::string> describe_grants(const Profile& profile, std::string_view home) {
  std::vector<std::string> lines;
  for (const PathGrant& grant : profile.ro) {
    lines.push_back("ro     " + shown(grant, home) + ": read it; changes are refused");
  }
  for (const PathGrant& grant : profile.rw) lines.push_back(read_write(grant, home));
  for (const PathGrant& grant : profile.tmpfs) {
    lines.push_back("tmpfs  " + shown(grant, home) +
                    ": an empty scratch directory, gone when the sandbox ends");
  }
  for (const PathGrant& grant : profile.create) {
    lines.push_back("create " + shown(grant, home) +
                    ": made on the host (mode 0700) before the sandbox starts");
  }
  lines.push_back(profile.network == NetworkMode::host
                      ? "net    host: connect to the network like any program of yours"
                      : "net    none: no network, only a private loopback");
  if (!profile.env_pass.empty()) {
    std::string names;
    for (const std::string& name : profile.env_pass) names += (names.empty() ? "" : " ") + name;
    lines.push_back("env    " + names + ": these variables pass in from your environment");
  }
  if (profile.expose_host_socket) {
    lines.push_back("tmux   host socket: run any command on the host through your tmux server");
  }
  return lines;
}

}  // namespace sandmux::config

// System directories come in two kinds: those refused with everything inside them
// (/usr/lib/x is as bad a project as /usr), and those that are only shared roots whose
// subdirectories are ordinary places for a project (/tmp/x, /opt/app, /srv/site).
#include "config/project_location.h"

#include <array>

#include "config/host_executed.h"
#include "config/path_expander.h"

namespace sandmux::config {
namespace {

constexpr std::array<std::string_view, 14> kSystemTrees = {
    "/usr", "/etc",   "/bin",  "/sbin", "/lib", "/lib32", "/lib64",
    "/libx32", "/boot", "/dev", "/proc", "/sys", "/run", "/var"};
constexpr std::array<std::string_view, 2> kSharedTreesInSystem = {"/var/tmp", "/var/www"};
constexpr std::array<std::string_view, 9> kSharedRoots = {"/",    "/home", "/tmp", "/var/tmp",
                                                          "/opt", "/srv",  "/mnt", "/media",
                                                          "/root"};

std::string tilde(std::string_view path, std::string_view home) {
  if (home.empty() || home == "/" || !is_same_or_ancestor(home, path)) return std::string(path);
  return "~" + std::string(path.substr(home.size()));
}

std::optional<std::string> system_refusal(std::string_view path) {
  for (std::string_view root : kSharedRoots) {
    if (path == root) return "it is the system directory '" + std::string(root) + "' itself";
  }
  for (std::string_view shared : kSharedTreesInSystem) {
    if (is_same_or_ancestor(shared, path)) return std::nullopt;
  }
  for (std::string_view tree : kSystemTrees) {
    if (is_same_or_ancestor(tree, path)) {
      return "it is inside the system directory '" + std::string(tree) + "'";
    }
  }
  return std::nullopt;
}

std::optional<std::string> home_refusal(std::string_view path, std::string_view home) {
  if (home.empty() || home == "/") return std::nullopt;
  if (is_same_or_ancestor(path, home)) {
    return path == home ? std::string("it is the home directory itself")
                        : "it contains the home directory '" + std::string(home) + "'";
  }
  if (!is_same_or_ancestor(home, path)) return std::nullopt;
  const std::string_view rest = path.substr(home.size());  // "/.config/x" or ""
  if (rest.size() > 1 && rest[1] == '.') {
    const std::string_view first = rest.substr(0, rest.find('/', 1));
    return "it is inside '~" + std::string(first) +
           "', a dot-directory of the home directory, where programs keep configuration";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> project_refusal(std::string_view canonical, std::string_view home,
                                           const std::vector<PathGrant>& read_only,
                                           const std::vector<std::string>& allowed) {
  for (const std::string& path : allowed) {
    if (is_same_or_ancestor(path, canonical)) return std::nullopt;
  }
  if (auto why = system_refusal(canonical)) return why;
  if (auto why = home_refusal(canonical, home)) return why;
  const std::vector<HostExecutedHit> hits = host_executed_covered_by(canonical, home);
  if (!hits.empty()) {
    return "granting it read-write would let the sandbox write " + tilde(hits.front().path, home) +
           " (" + hits.front().what + ")";
  }
  for (const PathGrant& grant : read_only) {
    if (is_same_or_ancestor(grant.path, canonical)) {
      return "the profile grants '" + tilde(grant.path, home) + "' read-only";
    }
  }
  return std::nullopt;
}

std::vector<std::string> expand_allowed_projects(const std::vector<std::string>& allowed,
                                                 std::string_view home) {
  std::vector<std::string> out;
  for (const std::string& path : allowed) {
    if (path == "~" || path.starts_with("~/")) {
      out.push_back(std::string(home == "/" ? "" : home) + path.substr(1));
      if (out.back().empty()) out.back() = "/";
    } else {
      out.push_back(path);
    }
  }
  return out;
}

}  // namespace sandmux::config

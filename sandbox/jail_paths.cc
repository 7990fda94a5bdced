#include "sandbox/jail_paths.h"

#include <cstdint>
#include <cstdio>

#include "sandbox/errors.h"
#include "sandbox/mount_plan.h"
#include "sandbox/path_check.h"

namespace sandmux::sandbox {
namespace {

constexpr std::size_t kSunPathMax = 107;  // sizeof(sockaddr_un::sun_path) - 1
constexpr std::size_t kBasenameMax = 24;

// FNV-1a, 64 bits: stable across builds and machines (std::hash is neither).
std::uint64_t fnv1a(const std::string& text, std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string readable_basename(const std::string& project) {
  const std::string base = project.substr(project.rfind('/') + 1);
  std::string result;
  for (char c : base) {
    if (result.size() == kBasenameMax) break;
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9') || c == '_' || c == '-';
    result += plain ? c : '_';
  }
  return result.empty() ? "root" : result;
}

}  // namespace

std::string default_socket_dir_base(const std::string& runtime_dir, unsigned uid) {
  if (!runtime_dir.empty() && runtime_dir.front() == '/') {
    return normalize_path(runtime_dir + "/sandmux");
  }
  return "/tmp/sandmux-" + std::to_string(uid);
}

std::string jail_name(const std::string& profile, const std::string& project) {
  // The NUL separator keeps ("a", "b/c") and ("a\0b", "c") apart.
  const std::uint64_t hash = fnv1a(project, fnv1a(std::string(profile) + '\0'));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return profile + "-" + readable_basename(project) + "-" + hex;
}

JailPaths make_jail_paths(const std::string& base, const std::string& profile,
                          const std::string& project) {
  JailPaths paths;
  paths.base = normalize_path(base);
  paths.name = jail_name(profile, project);
  paths.socket_dir = paths.base + "/" + paths.name;
  paths.socket = paths.socket_dir + "/default";
  paths.state_dir = paths.socket_dir + ".state";
  if (paths.socket.size() > kSunPathMax) {
    throw SandboxError("jail socket path '" + paths.socket + "' is " +
                       std::to_string(paths.socket.size()) + " bytes, more than a unix socket "
                       "allows (" + std::to_string(kSunPathMax) +
                       "); choose a shorter socket_dir_base than '" + paths.base + "'");
  }
  return paths;
}

std::string inside_socket_path(unsigned uid) { return inside_socket_dir(uid) + "/default"; }

}  // namespace sandmux::sandbox

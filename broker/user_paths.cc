#include "broker/user_paths.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace sandmux::broker {
namespace {

std::string absolute_env(const char* name) {
  const char* value = std::getenv(name);
  if (!value || value[0] != '/') return {};
  return value;
}

std::string home_directory() {
  std::string home = absolute_env("HOME");
  if (!home.empty()) return home;
  if (const passwd* entry = ::getpwuid(::getuid()); entry && entry->pw_dir) return entry->pw_dir;
  return "/";
}

std::string xdg_dir(const char* name, const std::string& fallback) {
  std::string dir = absolute_env(name);
  return dir.empty() ? fallback : dir;
}

}  // namespace

UserPaths user_paths_from_environment() {
  UserPaths paths;
  paths.home = home_directory();
  paths.config_dir = xdg_dir("XDG_CONFIG_HOME", paths.home + "/.config") + "/sandmux";
  paths.state_dir = xdg_dir("XDG_STATE_HOME", paths.home + "/.local/state") + "/sandmux";
  paths.runtime_dir = absolute_env("XDG_RUNTIME_DIR");
  paths.uid = ::getuid();
  return paths;
}

}  // namespace sandmux::broker

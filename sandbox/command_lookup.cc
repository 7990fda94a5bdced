#include "sandbox/command_lookup.h"

#include "sandbox/errors.h"
#include "sandbox/path_check.h"

namespace sandmux::sandbox {
namespace {

bool visible(const std::string& canonical, const std::vector<PlannedMount>& mounts) {
  for (const PlannedMount& mount : mounts) {
    const bool bound = mount.kind == MountKind::bind || mount.kind == MountKind::ro_bind;
    if (bound && path_within(canonical, mount.source)) return true;
  }
  return false;
}

// found / not_executable / not_found for one candidate path.
CommandStatus probe(const std::string& candidate, const std::vector<PlannedMount>& mounts,
                    const HostFs& fs) {
  Resolution resolution;
  try {
    resolution = resolve_path(candidate, fs);
  } catch (const SandboxError&) {
    return CommandStatus::not_found;
  }
  if (!resolution.exists || !visible(resolution.canonical, mounts)) {
    return CommandStatus::not_found;
  }
  const FileStat st = fs.lstat(resolution.canonical);
  if (st.kind == FileKind::regular && (st.mode & 0111) != 0) return CommandStatus::found;
  return CommandStatus::not_executable;
}

std::string join(const std::string& dir, const std::string& name) {
  return normalize_path(dir + "/" + name);
}

}  // namespace

CommandLookup lookup_command(const std::string& name, const std::string& path_value,
                             const std::string& cwd, const std::vector<PlannedMount>& mounts,
                             const HostFs& fs) {
  if (name.empty()) return {};
  if (name.find('/') != std::string::npos) {
    const std::string path = name.front() == '/' ? normalize_path(name) : join(cwd, name);
    return {probe(path, mounts, fs), path};
  }
  CommandLookup result;
  std::size_t start = 0;
  for (;;) {
    const std::size_t colon = path_value.find(':', start);
    const std::string dir = path_value.substr(start, colon - start);
    const std::string base = dir.empty() ? cwd : dir;
    if (!base.empty() && base.front() == '/') {
      const std::string candidate = join(base, name);
      const CommandStatus status = probe(candidate, mounts, fs);
      if (status == CommandStatus::found) return {status, candidate};
      if (status == CommandStatus::not_executable && result.path.empty()) {
        result = {status, candidate};
      }
    }
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return result;
}

}  // namespace sandmux::sandbox

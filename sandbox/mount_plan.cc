#include "sandbox/mount_plan.h"

#include <array>
#include <map>
#include <optional>
#include <string_view>

#include "sandbox/errors.h"
#include "sandbox/git_guard.h"
#include "sandbox/path_check.h"

namespace sandmux::sandbox {
namespace {

// Strength when two mounts share a destination: the higher one is kept.
enum Strength { kTmpfs, kReadOnly, kReadWrite, kGitOverlay, kSocketDir, kSystem };

struct Entry {
  PlannedMount mount;
  Strength strength;
};

constexpr std::array<std::string_view, 6> kMergedUsrDirs = {"bin",   "sbin",  "lib",
                                                           "lib32", "lib64", "libx32"};

class Planner {
 public:
  Planner(const MountRequest& request, const HostFs& fs) : m_request(request), m_fs(fs) {}

  std::vector<PlannedMount> run() {
    collect_writable();
    add_grants(m_request.policy.tmpfs, kTmpfs);
    add_grants(m_request.policy.ro, kReadOnly);
    add_grants(m_request.policy.rw, kReadWrite);
    for (const char* path : {"/tmp", "/run"}) add({MountKind::tmpfs, "", path}, kTmpfs);
    if (!m_request.home.empty() && normalize_path(m_request.home) != "/") {
      add({MountKind::tmpfs, "", normalize_path(m_request.home)}, kTmpfs);
    }
    add_git_guard();
    if (!m_request.socket_dir.empty()) {
      const MountKind kind = m_request.socket_dir_writable ? MountKind::bind : MountKind::ro_bind;
      add({kind, m_request.socket_dir, inside_socket_dir(m_request.uid)}, kSocketDir);
    }
    if (!m_request.host_tmux_dir.empty()) {
      add({MountKind::bind, m_request.host_tmux_dir, kHostTmuxInside}, kSocketDir);
    }
    add({MountKind::proc, "", "/proc"}, kSystem);
    add({MountKind::dev, "", "/dev"}, kSystem);
    add_merged_usr();
    check_project_visible();
    std::vector<PlannedMount> result;
    for (auto& [dest, entry] : m_entries) result.push_back(std::move(entry.mount));
    return result;
  }

 private:
  // A grant resolved: its canonical source, or nullopt when optional and missing.
  std::optional<Resolution> resolve_grant(const Mount& grant, std::string_view what) {
    const std::string path = normalize_path(grant.path);
    if (path_within(path, "/proc")) {
      throw SandboxError("refusing " + std::string(what) + " grant '" + path +
                         "': the host /proc is never exposed");
    }
    Resolution resolution = resolve_path(path, m_fs);
    if (!resolution.exists && what != "tmpfs") {
      if (grant.optional) return std::nullopt;
      throw SandboxError("required path '" + path + "' (" + std::string(what) +
                         ") does not exist; mark it optional with a trailing '?'");
    }
    return resolution;
  }

  void collect_writable() {
    for (const Mount& grant : m_request.policy.rw) {
      if (auto resolution = resolve_grant(grant, "rw")) {
        m_writable.push_back(resolution->canonical);
      }
    }
  }

  void refuse_planted_symlink(const std::string& path, const Resolution& resolution) {
    if (auto link = symlink_in_writable(resolution, m_writable)) {
      throw SandboxError("refusing '" + path + "': it passes through the symlink '" + *link +
                         "', which lies in a read-write grant (sandboxed code could have "
                         "planted it)");
    }
  }

  void add_grants(const std::vector<Mount>& grants, Strength strength) {
    static constexpr std::array<std::string_view, 3> kWhat = {"tmpfs", "ro", "rw"};
    for (const Mount& grant : grants) {
      auto resolution = resolve_grant(grant, kWhat[strength]);
      if (!resolution) continue;
      const std::string dest = normalize_path(grant.path);
      refuse_planted_symlink(dest, *resolution);
      if (strength == kTmpfs) {
        add({MountKind::tmpfs, "", dest}, kTmpfs);
      } else {
        const MountKind kind = strength == kReadWrite ? MountKind::bind : MountKind::ro_bind;
        add({kind, resolution->canonical, dest, project_fd_for(dest)}, strength);
      }
    }
  }

  // Keeps host git from running what the sandbox chose: see sandbox/git_guard.h.
  void add_git_guard() {
    GitGuardRequest request;
    for (const auto& [dest, entry] : m_entries) {
      const MountKind kind = entry.mount.kind;
      if (kind == MountKind::bind || kind == MountKind::ro_bind) {
        request.grants.push_back({entry.mount.source, dest, kind == MountKind::bind});
      } else if (kind == MountKind::tmpfs) {
        request.grants.push_back({dest, dest, false});
      }
    }
    const std::string& project = m_request.policy.project;
    if (!project.empty()) request.project = resolve_path(normalize_path(project), m_fs).canonical;
    request.home = m_request.home;
    request.metadata = m_request.policy.git_metadata;
    for (PlannedMount& mount : plan_git_guard(request, m_fs)) add(std::move(mount), kGitOverlay);
  }

  int project_fd_for(const std::string& dest) const {
    const std::string& project = m_request.policy.project;
    if (m_request.project_fd < 0 || project.empty()) return -1;
    return dest == normalize_path(project) ? m_request.project_fd : -1;
  }

  void add_merged_usr() {
    if (m_entries.contains("/")) return;
    for (std::string_view dir : kMergedUsrDirs) {
      std::string path(1, '/');  // not "/" + std::string(dir): GCC 12 -O3 -Wrestrict false positive
      path += dir;
      const FileStat st = m_fs.lstat(path);
      if (st.kind == FileKind::symlink) {
        add({MountKind::symlink, m_fs.read_link(path), path}, kSystem);
      } else if (st.kind == FileKind::directory) {
        add({MountKind::ro_bind, path, path}, kSystem);
      }
    }
  }

  void check_project_visible() const {
    const std::string& project = m_request.policy.project;
    if (project.empty()) return;
    for (const auto& [dest, entry] : m_entries) {
      const bool bound = entry.mount.kind == MountKind::bind ||
                         entry.mount.kind == MountKind::ro_bind;
      if (bound && path_within(normalize_path(project), dest)) return;
    }
    throw SandboxError("project directory '" + project +
                       "' is not visible in the sandbox: the profile grants neither ro nor rw "
                       "on it");
  }

  void add(PlannedMount mount, Strength strength) {
    auto it = m_entries.find(mount.dest);
    if (it == m_entries.end()) {
      std::string dest = mount.dest;
      m_entries.emplace(std::move(dest), Entry{std::move(mount), strength});
    } else if (strength > it->second.strength) {
      it->second = Entry{std::move(mount), strength};
    }
  }

  const MountRequest& m_request;
  const HostFs& m_fs;
  std::vector<std::string> m_writable;
  std::map<std::string, Entry> m_entries;  // by destination: parents sort first
};

}  // namespace

std::vector<PlannedMount> plan_mounts(const MountRequest& request, const HostFs& fs) {
  return Planner(request, fs).run();
}

std::string inside_socket_dir(unsigned uid) { return "/tmp/tmux-" + std::to_string(uid); }

}  // namespace sandmux::sandbox

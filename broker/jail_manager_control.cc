// Seeing and stopping jails (`sandmux jails`, `sandmux jails stop`). A jail is found by its
// state directory under the jail base, so jails the broker did not connect to (made by
// `run`, or left by an older broker) are listed and stoppable too. Stopping kills the
// sandbox's pid 1 with SIGKILL from the host: the kernel then kills its whole pid
// namespace, which works when the jail's server is frozen (SIGSTOP) or hostile, since
// nothing is asked of it.
// A jail is unused when it has no live session and no `run` holds its in-use lock; one
// unused for the grace period (jail_grace_seconds) is stopped. Nothing is stopped while a
// jail is being opened (its name is not known until it is prepared).
#include <spdlog/spdlog.h>

#include <algorithm>

#include "broker/jail_manager.h"
#include "sandbox/jail_processes.h"

namespace sandmux::broker {

std::vector<sandbox::JailPaths> JailManager::running_jails() {
  std::vector<sandbox::JailPaths> all =
      m_base.empty() ? std::vector<sandbox::JailPaths>{} : sandbox::find_jails(m_base);
  for (const auto& entry : m_jails) {  // not a structured binding: clang 14 cannot capture one
    const std::string& name = entry.first;
    const bool listed = std::any_of(all.begin(), all.end(), [&](const sandbox::JailPaths& p) {
      return p.name == name;
    });
    if (!listed) all.push_back(entry.second->spec.paths);
  }
  std::erase_if(all, [](const sandbox::JailPaths& p) { return !sandbox::jail_server_running(p); });
  std::sort(all.begin(), all.end(),
            [](const sandbox::JailPaths& a, const sandbox::JailPaths& b) { return a.name < b.name; });
  return all;
}

std::vector<JailInfo> JailManager::list() {
  std::vector<JailInfo> jails;
  for (const sandbox::JailPaths& paths : running_jails()) {
    JailInfo info;
    info.name = paths.name;
    info.socket = paths.socket;
    if (const Jail* jail = find(paths.name)) {
      info.profile = jail->profile;
      info.project = jail->project;
    }
    for (const SessionRecord* record : m_registry.all()) {
      if (record->jail != paths.name) continue;
      if (info.profile.empty()) info.profile = record->session.profile;
      if (info.project.empty()) info.project = record->session.project;
      if (!record->session.finished()) ++info.sessions;
    }
    info.pid = sandbox::jail_server_pid(paths);
    const sandbox::JailProcesses processes = sandbox::jail_processes(static_cast<pid_t>(info.pid));
    info.pids.assign(processes.pids.begin(), processes.pids.end());
    info.memory_bytes = processes.resident_bytes;
    jails.push_back(std::move(info));
  }
  return jails;
}

void JailManager::stop_unused_jails(SteadyTime now) {
  if (!m_opening.empty()) return;
  std::set<std::string, std::less<>> used;
  for (const SessionRecord* record : m_registry.all()) {
    if (!record->session.finished()) used.insert(record->jail);
  }
  std::set<std::string, std::less<>> running;
  for (const sandbox::JailPaths& paths : running_jails()) {
    running.insert(paths.name);
    if (used.count(paths.name) > 0 || sandbox::jail_in_use(paths)) {
      m_unused_since.erase(paths.name);
      continue;
    }
    const auto [since, fresh] = m_unused_since.try_emplace(paths.name, now);
    if (fresh || now - since->second < m_jail_grace) continue;
    spdlog::info("jail {}: unused for {} s (jail_grace_seconds), stopping it", paths.name,
                 std::chrono::duration_cast<std::chrono::seconds>(now - since->second).count());
    const std::string error = stop(paths.name);
    if (!error.empty()) spdlog::warn("jail {}: {}", paths.name, error);
    m_unused_since.erase(paths.name);
  }
  std::erase_if(m_unused_since, [&](const auto& entry) { return running.count(entry.first) == 0; });
}

std::vector<std::string> JailManager::running_names() {
  std::vector<std::string> names;
  for (const sandbox::JailPaths& paths : running_jails()) names.push_back(paths.name);
  return names;
}

std::string JailManager::stop(std::string_view name) {
  const std::vector<sandbox::JailPaths> running = running_jails();
  const auto it = std::find_if(running.begin(), running.end(),
                               [&](const sandbox::JailPaths& p) { return p.name == name; });
  if (it == running.end()) return "no running jail named '" + std::string(name) + "'";
  const std::string reason = "its jail was stopped (sandmux jails stop)";
  if (Jail* jail = find(name)) jail->ready = false;
  for (SessionRecord* record : m_registry.all()) {
    if (record->jail != name) continue;
    if (!record->session.finished()) {
      m_registry.publish_state(*record, record->session.on_jail_died(reason));
    }
    m_registry.forget_pane(*record);
  }
  save_sessions(name);
  if (!sandbox::stop_jail_server(*it)) {
    return "jail '" + std::string(name) + "' has no usable " + it->state_dir +
           "/server.pid, so its sandbox cannot be found; kill its bwrap process by hand";
  }
  spdlog::info("jail {}: stopped", name);
  return {};
}

}  // namespace sandmux::broker

// Re-adoption: after a (re)start, the broker reads back every window of a jail's
// "sandmux" session that carries a valid sandmux identity, and refills its ring from
// the pane's history (capture-pane), so a restarted broker loses nothing tmux holds.
// The identity is the jail's to write (any process inside can set window options), so a
// window is adopted only when the jail's sessions.json (in its state directory, never
// visible inside) records a session with the same id and name in that very window:
// a jail can neither invent sessions nor take another jail's names, whatever the order
// in which the jails are adopted.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "broker/jail_manager.h"
#include "broker/jail_manager_commands.h"
#include "broker/session_json.h"
#include "broker/session_name.h"

namespace sandmux::broker {
namespace {

constexpr std::string_view kSessionsFile = "/sessions.json";

/// The sessions saved in STATE_DIR's sessions.json; none when it is missing or unreadable.
std::vector<Session> read_saved_sessions(const std::string& state_dir) {
  std::ifstream in(state_dir + std::string(kSessionsFile));
  if (!in) return {};
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  boost::system::error_code ec;
  const boost::json::value saved = boost::json::parse(text, ec);
  if (ec || !saved.is_array()) return {};
  std::vector<Session> sessions;
  for (const boost::json::value& item : saved.get_array()) {
    boost::system::result<Session, std::string> session = session_from_json(item);
    if (session) sessions.push_back(std::move(*session));
  }
  return sessions;
}

bool was_saved(const std::vector<Session>& saved, const Session& claimed, std::uint32_t window) {
  const std::string window_id = "@" + std::to_string(window);
  return std::any_of(saved.begin(), saved.end(), [&](const Session& session) {
    return session.id == claimed.id && session.name == claimed.name && session.window == window_id;
  });
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) text += "\r\n";
    text += lines[i];
  }
  return text;
}

}  // namespace

void JailManager::adopt_windows(Jail& jail) {
  Jail* self = &jail;
  auto saved = std::make_shared<const std::vector<Session>>(read_saved_sessions(jail.spec.paths.state_dir));
  jail.connection->send(list_windows_command(), [this, self, saved](tmuxctl::Reply&& reply) {
    if (!reply.ok()) return;
    for (const std::string& line : reply.lines) {
      const std::optional<WindowLine> window = parse_window_line(line);
      if (!window || m_registry.find_pane(self->name, window->pane)) continue;
      self->connection->send(identity_query(window->window),
                             [this, self, saved, w = *window](tmuxctl::Reply&& identity) {
                               adopt_window(*self, w, identity, *saved);
                             });
      self->connection->send(capture_command(window->pane, true, true),
                             [this, self, pane = window->pane](tmuxctl::Reply&& screen) {
                               SessionRecord* record = m_registry.find_pane(self->name, pane);
                               if (record && screen.ok()) {
                                 record->ring.reset_with(joined_lines(screen.lines));
                               }
                             });
    }
  });
}

void JailManager::adopt_window(Jail& jail, const WindowLine& window,
                               const tmuxctl::Reply& identity, const std::vector<Session>& saved) {
  if (!identity.ok()) return;
  std::optional<Session> session = parse_identity(identity.lines, jail.name);
  if (!session) return;  // not one of ours, or its identity was tampered with
  if (!was_saved(saved, *session, window.window)) {
    spdlog::warn("jail {}: window @{} claims session {} ({}), which the broker did not make "
                 "in that window; not adopted",
                 jail.name, window.window, quote_for_message(session->name), session->id);
    return;
  }
  if (m_registry.name_taken(session->name)) {
    spdlog::warn("jail {}: window @{} claims the name '{}', which is taken; not adopted",
                 jail.name, window.window, session->name);
    return;
  }
  if (jail.profile.empty()) jail.profile = session->profile;
  if (jail.project.empty()) jail.project = session->project;
  session->socket = jail.spec.paths.socket;
  session->pid = window.pid;
  session->size = window.size;
  SessionRecord record;
  record.session = std::move(*session);
  record.jail = jail.name;
  SessionRecord& placed = m_registry.add(std::move(record));
  m_registry.set_pane(placed, window.window, window.pane);
  placed.session.on_started(std::chrono::steady_clock::now());
  if (window.dead && window.dead_status) placed.session.on_exited(*window.dead_status);
  if (window.dead && !window.dead_status) reap_dead_pane(jail, window.pane);
  spdlog::info("jail {}: adopted session '{}' (window @{}, {})", jail.name, placed.session.name,
               window.window, to_string(placed.session.state));
  save_sessions(jail.name);
  schedule_idle_check();
}

}  // namespace sandmux::broker

namespace sandmux::broker {

void JailManager::save_sessions(std::string_view name) {
  // Written once per turn of the event loop, whatever the number of changes: a file of
  // all the jail's sessions per `new` made creating N sessions cost O(N^2). The write
  // still happens before any later reply (the reply to `new` waits for another command).
  m_unsaved.insert(std::string(name));
  if (m_unsaved.size() > 1) return;
  std::weak_ptr<bool> alive = m_alive;
  boost::asio::post(m_io, [this, alive] {
    if (alive.expired()) return;
    for (const std::string& jail : std::exchange(m_unsaved, {})) write_sessions_file(jail);
  });
}

void JailManager::write_sessions_file(std::string_view name) {
  Jail* jail = find(name);
  auto dead = m_dead_state_dirs.find(name);
  if (!jail && dead == m_dead_state_dirs.end()) return;
  const std::string state_dir = jail ? jail->spec.paths.state_dir : dead->second;
  boost::json::array sessions;
  for (SessionRecord* record : m_registry.all()) {
    if (record->jail == name) sessions.push_back(session_to_json(record->session));
  }
  const std::string path = state_dir + std::string(kSessionsFile);
  const std::string temporary = path + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << boost::json::serialize(sessions) << '\n';
    if (!out) {
      spdlog::warn("jail {}: cannot write {}", name, temporary);
      return;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    spdlog::warn("jail {}: cannot replace {}", name, path);
  }
}

void JailManager::adopt_lost(const sandbox::JailPaths& paths) {
  m_dead_state_dirs[paths.name] = paths.state_dir;
  const std::string reason = "its jail's tmux server was gone when the broker started";
  for (Session& session : read_saved_sessions(paths.state_dir)) {
    if (m_registry.name_taken(session.name)) continue;
    const std::string name = session.name;
    SessionRecord record;
    record.session = std::move(session);
    if (!record.session.finished()) {
      record.session.state = SessionState::running;
      record.session.on_jail_died(reason);
    }
    record.jail = paths.name;
    m_registry.add(std::move(record));
    spdlog::info("jail {}: session '{}' is lost: {}", paths.name, name, reason);
  }
}

}  // namespace sandmux::broker

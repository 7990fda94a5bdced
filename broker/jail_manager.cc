#include "broker/jail_manager.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <thread>

#include "broker/jail_manager_commands.h"
#include "broker/jail_setup.h"
#include "broker/session_name.h"
#include "sandbox/errors.h"
#include "sandbox/jail_paths.h"
#include "sandbox/launcher.h"

namespace sandmux::broker {
namespace {

using sandbox::env_value;

}  // namespace

JailManager::JailManager(boost::asio::io_context& io, SessionRegistry& registry,
                         sandbox::EnvMap caller)
    : m_io(io),
      m_registry(registry),
      m_caller(std::move(caller)),
      m_idle_timer(io),
      m_audit_timer(io) {
  schedule_audit();
}

JailManager::~JailManager() { *m_alive = false; }

Jail* JailManager::find(std::string_view name) {
  auto it = m_jails.find(name);
  return it == m_jails.end() ? nullptr : it->second.get();
}

std::size_t JailManager::live() const {
  std::size_t count = 0;
  for (const auto& [name, jail] : m_jails) count += jail->ready ? 1 : 0;
  return count;
}

void JailManager::open(const std::string& profile, const std::string& project,
                       OpenHandler handler) {
  const std::string key = profile + '\0' + project;
  auto& waiting = m_opening[key];
  waiting.push_back(std::move(handler));
  if (waiting.size() > 1) return;
  std::weak_ptr<bool> alive = m_alive;
  std::thread([this, alive, key, profile, project, caller = m_caller] {
    std::shared_ptr<PreparedJail> prepared;
    std::string error;
    try {
      prepared = std::make_shared<PreparedJail>(prepare_jail(profile, project, caller));
    } catch (const std::exception& e) {
      error = e.what();
    }
    boost::asio::post(m_io, [this, alive, key, prepared, error] {
      if (alive.expired()) return;
      if (!prepared) return finish_open(key, nullptr, error);
      m_unused_since.erase(prepared->spec.paths.name);  // its grace starts again
      Jail* jail = find(prepared->spec.paths.name);
      if (jail && jail->profile.empty()) {
        // Re-adopted without sessions, its profile was unknown until now.
        jail->profile = prepared->profile;
        jail->project = prepared->project;
      }
      if (jail && jail->ready) return finish_open(key, jail, {});
      if (!jail || !jail->connection->alive()) {
        jail = &connect_jail(prepared->spec, prepared->profile, prepared->project);
      }
      if (jail->ready) return finish_open(key, jail, {});
      jail->waiting.push_back([this, key](Jail* ready, std::string why) {
        finish_open(key, ready, why);
      });
    });
  }).detach();
}

void JailManager::finish_open(const std::string& key, Jail* jail, const std::string& error) {
  auto it = m_opening.find(key);
  if (it == m_opening.end()) return;
  std::vector<OpenHandler> handlers = std::move(it->second);
  m_opening.erase(it);
  for (OpenHandler& handler : handlers) handler(jail, error);
}

Jail& JailManager::connect_jail(sandbox::JailSpec spec, std::string profile,
                                std::string project) {
  std::unique_ptr<Jail>& slot = m_jails[spec.paths.name];
  if (!slot) slot = std::make_unique<Jail>();
  Jail& jail = *slot;
  jail.name = spec.paths.name;
  if (!profile.empty()) jail.profile = std::move(profile);
  if (!project.empty()) jail.project = std::move(project);
  jail.spec = std::move(spec);
  jail.launcher = std::make_unique<JailedLauncher>(jail.spec);
  jail.ready = false;
  jail.reaping.clear();
  tmuxctl::ConnectionOptions options;
  options.tmux_command = {"tmux"};
  options.startup = {"new-session", "-A", "-s", std::string(kTmuxSessionName)};
  options.client_flags = "ignore-size,pause-after=2";
  tmuxctl::ConnectionCallbacks callbacks;
  Jail* self = &jail;
  callbacks.on_output = [this, self](std::uint32_t pane, std::string_view bytes) {
    on_output(*self, pane, bytes);
  };
  callbacks.on_notification = [this, self](const tmuxctl::Event& event) {
    on_notification(*self, event);
  };
  callbacks.on_resync = [this, self](std::uint32_t pane, const tmuxctl::Reply& screen) {
    on_resync(*self, pane, screen);
  };
  callbacks.on_death = [this, self](const tmuxctl::Death& death) { on_death(*self, death); };
  jail.connection = tmuxctl::Connection::create(m_io, *jail.launcher, options, callbacks);
  try {
    jail.connection->connect();
  } catch (const std::exception& e) {
    spdlog::error("jail {}: cannot start its control client: {}", jail.name, e.what());
    boost::asio::post(m_io, [self, why = std::string(e.what())] {
      for (auto& waiter : std::exchange(self->waiting, {})) waiter(nullptr, why);
    });
    return jail;
  }
  jail.connection->send(setup_command(), [this, self](tmuxctl::Reply&& reply) {
    if (reply.ok()) return on_ready(*self);
    spdlog::error("jail {}: setup failed: {}", self->name, reply.error);
    for (auto& waiter : std::exchange(self->waiting, {})) waiter(nullptr, reply.error);
  });
  return jail;
}

void JailManager::on_ready(Jail& jail) {
  spdlog::info("jail {}: connected (client pid {})", jail.name, jail.connection->pid());
  jail.ready = true;
  adopt_windows(jail);
  for (auto& waiter : std::exchange(jail.waiting, {})) waiter(&jail, {});
}

void JailManager::on_death(Jail& jail, const tmuxctl::Death& death) {
  const bool server_gone = !sandbox::jail_server_running(jail.spec.paths);
  const std::string reason = server_gone ? "the jail's tmux server died (" + death.reason + ")"
                                         : "the connection to the jail's tmux server died (" +
                                               death.reason + ")";
  spdlog::warn("jail {}: {}", jail.name, reason);
  jail.ready = false;
  for (SessionRecord* record : m_registry.all()) {
    if (record->jail != jail.name) continue;
    m_registry.publish_state(*record, record->session.on_jail_died(reason));
    m_registry.forget_pane(*record);
  }
  for (auto& waiter : std::exchange(jail.waiting, {})) waiter(nullptr, reason);
}

void JailManager::on_notification(Jail& jail, const tmuxctl::Event& event) {
  using tmuxctl::EventKind;
  switch (event.kind) {
    case EventKind::SubscriptionChanged:
      if (event.text == kPaneSubscription) on_pane_state(jail, event.pane, event.data);
      break;
    case EventKind::SessionChanged:
      if (event.text != kTmuxSessionName) on_client_moved(jail, event.text);
      break;
    case EventKind::StrayGuard:
      spdlog::warn("jail {}: stray reply guard from its tmux server (hostile?)", jail.name);
      break;
    case EventKind::WindowClose:
    case EventKind::UnlinkedWindowClose:
      // Also sent when a window is only unlinked from another session (a human's grouped
      // session ending): ask tmux whether the window still exists.
      check_window_exists(jail, event.window);
      break;
    default:
      break;
  }
}

void JailManager::on_pane_state(Jail& jail, std::uint32_t pane, std::string_view value) {
  SessionRecord* record = m_registry.find_pane(jail.name, pane);
  const std::optional<PaneState> state = parse_pane_state(value);
  if (!record || !state) return;
  spdlog::debug("session '{}': pane state '{}'", record->session.name, value);
  if (!state->dead || record->session.finished()) return;
  // The jail can replace the subscription on the broker's client with one that says
  // every pane is dead: ask the server about this pane before believing it.
  Jail* self = &jail;
  jail.connection->send(pane_state_query(pane), [this, self, pane](tmuxctl::Reply&& reply) {
    const std::optional<PaneState> now =
        reply.ok() && reply.lines.size() == 1 ? parse_pane_state(reply.lines.front()) : std::nullopt;
    if (!now || !now->dead) return;
    if (!now->status) return reap_dead_pane(*self, pane);
    on_pane_exited(*self, pane, *now->status);
  });
}

void JailManager::on_pane_exited(Jail& jail, std::uint32_t pane, int status) {
  const SessionRecord* record = m_registry.find_pane(jail.name, pane);
  if (!record || record->session.finished()) return;
  // Before saying it exited: the output tmux dropped when the pane died, from its screen.
  const std::string name = record->session.name;
  Jail* self = &jail;
  jail.connection->send(capture_command(pane, false, false),
                        [this, self, name, status](tmuxctl::Reply&& screen) {
                          SessionRecord* dead = m_registry.find(name);
                          if (!dead || dead->session.finished()) return;
                          if (screen.ok()) append_missing_tail(*dead, screen.lines);
                          m_registry.publish_state(*dead, dead->session.on_exited(status));
                          save_sessions(self->name);
                        });
}

void JailManager::on_client_moved(Jail& jail, std::string_view session) {
  // Only the jail does this (switch-client on the broker's client): the sessions'
  // output would stop arriving. Go back, and take each pane's screen as a resync.
  spdlog::warn("jail {}: its server moved the broker's client to session '{}'; moving back",
               jail.name, quote_for_message(session, 80));
  Jail* self = &jail;
  jail.connection->send(return_to_sandmux_command(), [this, self](tmuxctl::Reply&& reply) {
    if (!reply.ok()) return;
    for (SessionRecord* record : m_registry.all()) {
      if (record->jail != self->name || record->session.finished()) continue;
      const std::uint32_t pane = record->pane_id;
      self->connection->send(capture_command(pane, false, false),
                             [this, self, pane](tmuxctl::Reply&& screen) {
                               on_resync(*self, pane, screen);
                             });
    }
    audit(*self);
  });
}

void JailManager::audit(Jail& jail) {
  // Notifications come from a server the jail controls, which can remove the
  // subscription or move the broker's client: list-windows says which panes died.
  Jail* self = &jail;
  jail.connection->send(list_windows_command(), [this, self](tmuxctl::Reply&& reply) {
    if (!reply.ok()) return;
    for (const std::string& line : reply.lines) {
      const std::optional<WindowLine> window = parse_window_line(line);
      if (!window || !window->dead) continue;
      if (window->dead_status) {
        on_pane_exited(*self, window->pane, *window->dead_status);
      } else if (m_registry.find_pane(self->name, window->pane)) {
        reap_dead_pane(*self, window->pane);
      }
    }
  });
}

void JailManager::schedule_audit() {
  m_audit_timer.expires_after(kAuditInterval);
  std::weak_ptr<bool> alive = m_alive;
  m_audit_timer.async_wait([this, alive](const boost::system::error_code& ec) {
    if (ec || alive.expired()) return;
    std::set<std::string_view> with_live_sessions;
    for (const SessionRecord* record : m_registry.all()) {
      if (!record->session.finished()) with_live_sessions.insert(record->jail);
    }
    for (auto& [name, jail] : m_jails) {
      if (jail->ready && with_live_sessions.count(name) > 0) audit(*jail);
    }
    stop_unused_jails(std::chrono::steady_clock::now());
    schedule_audit();
  });
}

void JailManager::check_window_exists(Jail& jail, std::uint32_t window) {
  Jail* self = &jail;
  jail.connection->send(all_windows_query(), [this, self, window](tmuxctl::Reply&& reply) {
    const std::string id = "@" + std::to_string(window);
    if (!reply.ok() || std::find(reply.lines.begin(), reply.lines.end(), id) != reply.lines.end()) {
      return;
    }
    for (SessionRecord* record : m_registry.all()) {
      if (record->jail != self->name || record->window_id != window) continue;
      spdlog::info("session '{}': its window was closed outside sandmux", record->session.name);
      m_registry.publish_state(*record,
                               record->session.on_jail_died("its window was closed outside sandmux"));
      m_registry.forget_pane(*record);
    }
  });
}

void JailManager::reap_dead_pane(Jail& jail, std::uint32_t pane) {
  if (!jail.reaping.insert(pane).second) return;
  recheck_dead_pane(jail, pane, 0);
}

void JailManager::recheck_dead_pane(Jail& jail, std::uint32_t pane, int attempt) {
  // Dead but without a status: tmux may have missed the SIGCHLD (reap_nudge_command says
  // why). Nudge it, then ask again, backing off from 100 ms to 2 s while the pane's
  // session is still waiting for its exit.
  const SessionRecord* record = m_registry.find_pane(jail.name, pane);
  if (!jail.ready || !record || record->session.finished()) {
    jail.reaping.erase(pane);
    return;
  }
  jail.connection->send(reap_nudge_command(), [](tmuxctl::Reply&&) {});
  const auto delay = std::chrono::milliseconds(std::min(2000, 100 << std::min(attempt, 5)));
  auto timer = std::make_shared<boost::asio::steady_timer>(m_io, delay);
  std::weak_ptr<bool> alive = m_alive;
  Jail* self = &jail;
  timer->async_wait([this, alive, timer, self, pane, attempt](const boost::system::error_code& ec) {
    if (ec || alive.expired() || !self->ready) return;
    self->connection->send(pane_state_query(pane), [this, self, pane, attempt](tmuxctl::Reply&& reply) {
      const std::optional<PaneState> state =
          reply.ok() && reply.lines.size() == 1 ? parse_pane_state(reply.lines.front()) : std::nullopt;
      if (state && state->dead && !state->status) return recheck_dead_pane(*self, pane, attempt + 1);
      self->reaping.erase(pane);
      if (state && state->dead) on_pane_exited(*self, pane, *state->status);
    });
  });
}

void JailManager::append_missing_tail(SessionRecord& record,
                                      const std::vector<std::string>& screen) {
  constexpr std::size_t kTail = 16 * 1024;
  const std::uint64_t cursor = record.ring.cursor();
  const std::string tail = record.ring.read_since(cursor > kTail ? cursor - kTail : 0).str();
  const std::string missing = missing_screen_tail(tail, screen);
  if (missing.empty()) return;
  spdlog::debug("session '{}': {} bytes of final output recovered from the screen",
                record.session.name, missing.size());
  m_registry.append_output(record, missing, std::chrono::steady_clock::now());
}

void JailManager::on_output(Jail& jail, std::uint32_t pane, std::string_view bytes) {
  SessionRecord* record = m_registry.find_pane(jail.name, pane);
  if (!record) return;
  m_registry.append_output(*record, bytes, std::chrono::steady_clock::now());
  // Not schedule_idle_check(): that scans every session, too much per output event.
  const std::optional<SteadyTime> deadline = record->session.idle_deadline();
  if (deadline) arm_idle_timer(*deadline);
}

void JailManager::on_resync(Jail& jail, std::uint32_t pane, const tmuxctl::Reply& screen) {
  SessionRecord* record = m_registry.find_pane(jail.name, pane);
  if (!record || !screen.ok()) return;
  std::string refill = "\x1b[H\x1b[2J";
  for (std::size_t i = 0; i < screen.lines.size(); ++i) {
    if (i > 0) refill += "\r\n";
    refill += screen.lines[i];
  }
  spdlog::debug("jail {}: pane %{} resynchronised after a pause", jail.name, pane);
  m_registry.append_output(*record, refill, std::chrono::steady_clock::now());
}

void JailManager::schedule_idle_check() {
  const std::optional<SteadyTime> deadline = m_registry.next_idle_deadline();
  if (deadline) arm_idle_timer(*deadline);
}

void JailManager::arm_idle_timer(SteadyTime deadline) {
  // Invariant: the timer is armed at or before the earliest idle deadline of all sessions
  // (activity only moves a session's deadline later, so one session's new deadline is
  // enough to keep it); it fires early at worst, and on_idle_timer scans them all.
  if (m_idle_armed && *m_idle_armed <= deadline) return;
  m_idle_armed = deadline;
  m_idle_timer.expires_at(deadline);
  std::weak_ptr<bool> alive = m_alive;
  m_idle_timer.async_wait([this, alive](const boost::system::error_code& ec) {
    if (ec || alive.expired()) return;
    on_idle_timer();
  });
}

void JailManager::on_idle_timer() {
  m_idle_armed.reset();
  m_registry.tick(std::chrono::steady_clock::now());
  schedule_idle_check();
}

void JailManager::close_all() {
  m_idle_timer.cancel();
  m_audit_timer.cancel();
  for (auto& [name, jail] : m_jails) {
    if (jail->connection && jail->connection->alive()) jail->connection->close();
  }
}

void JailManager::adopt_all(const std::string& base) {
  m_base = base;
  for (const sandbox::JailPaths& paths : sandbox::find_jails(base)) {
    if (find(paths.name)) continue;
    if (!sandbox::jail_server_running(paths)) {
      adopt_lost(paths);
      continue;
    }
    sandbox::JailSpec spec;
    spec.paths = paths;
    spec.caller_env = m_caller;
    spec.home = env_value(m_caller, "HOME");
    spec.uid = ::getuid();
    try {
      spec.bwrap = sandbox::find_bwrap(env_value(m_caller, "PATH"));
    } catch (const std::exception& e) {
      spdlog::error("cannot adopt jail {}: {}", paths.name, e.what());
      continue;
    }
    spdlog::info("jail {}: re-adopting", paths.name);
    connect_jail(spec, {}, {});
  }
}

}  // namespace sandmux::broker

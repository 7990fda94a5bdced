#pragma once
// The broker's jails: one per (profile, project), each with one control-mode connection
// to its confined tmux server, whose client runs in the client jail (JailedLauncher).
// Invariants:
//  - The jail's tmux session is "sandmux" (kTmuxSessionName); a broker session is one of its
//    windows, known by the window's @sandmux_* user options. The connection attaches with
//    `new-session -A` and the client flags ignore-size and pause-after, set at attach and
//    never changed (toggling them later wedges tmux 3.3a).
//  - Everything the connection reports is untrusted: pane ids are looked up, never trusted
//    to exist; identities read back are validated (a jail can only claim its own
//    profile and project, whose hash is its name).
//  - A jail whose connection dies marks its sessions lost with the reason, at once.
//  - A pane is exited only when the server says so to a query (pane_state_query or
//    list-windows), never on a subscription value alone (the jail can forge those); a
//    jail that removes the subscription delays exits by at most kAuditInterval; one that
//    moves the broker's client to another tmux session is moved back and resynced.
//  - Starting a jail (bwrap, up to seconds) runs on a worker thread; its result is posted
//    back, so the io_context thread never waits for it.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "broker/jail_info.h"
#include "broker/jail_manager_commands.h"
#include "broker/jailed_launcher.h"
#include "broker/session_registry.h"
#include "sandbox/environment.h"
#include "sandbox/jail.h"
#include "tmuxctl/connection.h"

namespace sandmux::broker {



struct Jail {
  std::string name;     ///< sandbox::JailPaths::name
  std::string profile;  ///< empty when adopted and not yet known
  std::string project;
  sandbox::JailSpec spec;
  std::unique_ptr<JailedLauncher> launcher;
  std::shared_ptr<tmuxctl::Connection> connection;
  bool ready = false;  ///< attached and set up; sessions can be created
  std::set<std::uint32_t> reaping;  ///< panes dead without a status, being nudged
  std::vector<std::function<void(Jail*, std::string)>> waiting;  ///< until ready
};

/// How often each jail with live sessions is audited (list-windows): the bound on how late
/// an exit is seen when the jail removed the subscription that reports it at once.
inline constexpr std::chrono::seconds kAuditInterval{5};

class JailManager {
 public:
  /// Called with the jail (nullptr on failure) and an error message.
  using OpenHandler = std::function<void(Jail* jail, std::string error)>;

  JailManager(boost::asio::io_context& io, SessionRegistry& registry, sandbox::EnvMap caller);
  ~JailManager();
  JailManager(const JailManager&) = delete;
  JailManager& operator=(const JailManager&) = delete;

  /// The jail of PROFILE (empty: the settings' default) and PROJECT, started and
  /// connected when needed; HANDLER runs on the io_context thread.
  void open(const std::string& profile, const std::string& project, OpenHandler handler);
  /// Re-adopts every live jail under BASE and its sessions (at broker start).
  void adopt_all(const std::string& base);

  Jail* find(std::string_view name);
  std::size_t size() const { return m_jails.size(); }
  std::size_t live() const;
  /// Records the sessions of jail NAME in its state directory (sessions.json, never
  /// visible inside), so that a restarted broker adopts only what it made and can say
  /// which sessions of a dead jail are lost. Written once per event-loop turn (posted);
  /// failures are logged.
  void save_sessions(std::string_view name);
  /// Re-arms the idle timer after activity (output, input, new sessions).
  void schedule_idle_check();
  /// Arms the idle timer at DEADLINE unless it is armed earlier already.
  void arm_idle_timer(SteadyTime deadline);
  /// Closes every connection (the jails and their windows keep running).
  void close_all();

  /// Every running jail: the ones connected and the ones found under the jail base
  /// (adopt_all's), sorted by name, with their sessions, processes and memory.
  std::vector<JailInfo> list();
  /// How long a running jail with no live session and no `run` using it (jail_in_use)
  /// lives on before it is stopped (settings' jail_grace_seconds).
  void set_jail_grace(std::chrono::milliseconds grace) { m_jail_grace = grace; }
  /// The deadline of every request the broker sends to a jail (jail_timeout_seconds).
  void set_request_timeout(std::chrono::milliseconds timeout) { m_request_timeout = timeout; }
  std::chrono::milliseconds request_timeout() const { return m_request_timeout; }
  /// The names of the running jails, sorted.
  std::vector<std::string> running_names();
  /// Stops the running jail NAME (one of running_names()): its sessions end (lost, "its
  /// jail was stopped"), then its sandbox is killed from the host by its pid namespace
  /// (frozen or not). Returns what went wrong, empty on success.
  std::string stop(std::string_view name);

 private:
  Jail& connect_jail(sandbox::JailSpec spec, std::string profile, std::string project);
  void on_ready(Jail& jail);
  void on_death(Jail& jail, const tmuxctl::Death& death);
  void on_notification(Jail& jail, const tmuxctl::Event& event);
  void on_pane_state(Jail& jail, std::uint32_t pane, std::string_view value);
  void on_pane_exited(Jail& jail, std::uint32_t pane, int status);
  void on_client_moved(Jail& jail, std::string_view session);
  void audit(Jail& jail);
  void schedule_audit();
  void on_output(Jail& jail, std::uint32_t pane, std::string_view bytes);
  void check_window_exists(Jail& jail, std::uint32_t window);
  void reap_dead_pane(Jail& jail, std::uint32_t pane);
  void recheck_dead_pane(Jail& jail, std::uint32_t pane, int attempt);
  void append_missing_tail(SessionRecord& record, const std::vector<std::string>& screen);
  void on_resync(Jail& jail, std::uint32_t pane, const tmuxctl::Reply& screen);
  void finish_open(const std::string& key, Jail* jail, const std::string& error);
  void adopt_windows(Jail& jail);
  void adopt_window(Jail& jail, const WindowLine& window, const tmuxctl::Reply& identity,
                    const std::vector<Session>& saved);
  void adopt_lost(const sandbox::JailPaths& paths);
  void write_sessions_file(std::string_view name);
  void on_idle_timer();
  std::vector<sandbox::JailPaths> running_jails();
  /// Stops the running jails unused for m_jail_grace (checked every kAuditInterval).
  void stop_unused_jails(SteadyTime now);

  boost::asio::io_context& m_io;
  SessionRegistry& m_registry;
  sandbox::EnvMap m_caller;
  std::map<std::string, std::unique_ptr<Jail>, std::less<>> m_jails;
  std::map<std::string, std::vector<OpenHandler>> m_opening;
  std::map<std::string, std::string, std::less<>> m_dead_state_dirs;  ///< jails found dead  ///< by "profile\0project"
  std::set<std::string, std::less<>> m_unsaved;  ///< jails whose sessions.json is stale
  boost::asio::steady_timer m_idle_timer;
  boost::asio::steady_timer m_audit_timer;  ///< every kAuditInterval: audit() each jail
  std::optional<SteadyTime> m_idle_armed;
  std::string m_base;  ///< the jail base directory, from adopt_all
  std::chrono::milliseconds m_jail_grace{60000};
  std::chrono::milliseconds m_request_timeout{10000};
  std::map<std::string, SteadyTime, std::less<>> m_unused_since;  ///< by jail name
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

}  // namespace sandmux::broker

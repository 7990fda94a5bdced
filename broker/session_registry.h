#pragma once
// The broker's sessions by name, each with its output ring, subscribers and watchers,
// and the one place that turns output and state changes into protocol events.
// Invariants: names are unique (reserved names included, so two concurrent `new`
// cannot pick the same one); records never move (callers may keep a pointer until
// remove()); every output append and state change reaches the session's subscribers in
// order, then its watchers; a follower (`logs -f`) gets its final response exactly once,
// when the session finishes or is removed. Single-threaded (the io_context thread).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "broker/session_registry_sink.h"
#include "broker/output_ring.h"
#include "broker/session.h"
#include "broker/session_registry_paste.h"

namespace sandmux::broker {

inline constexpr std::uint32_t kNoTmuxId = UINT32_MAX;

struct SessionRecord;
/// Called after each output append or state change; returns true when it is done (and
/// is then removed). Must not add or remove sessions.
using Watcher = std::function<bool(const SessionRecord&)>;

struct Subscriber {
  ClientRef client;
  std::optional<std::int64_t> follow_id;  ///< `logs -f`: the request answered at the end
};

struct SessionRecord {
  Session session;
  std::string jail;  ///< the jail's name (sandbox::JailPaths::name)
  std::uint32_t window_id = kNoTmuxId;
  std::uint32_t pane_id = kNoTmuxId;
  OutputRing ring;
  PasteModeTracker paste_mode;
  std::vector<Subscriber> subscribers;
  std::vector<Watcher> watchers;
  bool removed = false;  ///< set (and watchers run once more) just before removal
};

class SessionRegistry {
 public:
  /// Sessions added go idle after QUIET_TIME without output or input (settings).
  explicit SessionRegistry(std::chrono::steady_clock::duration quiet_time = kDefaultQuietTime)
      : m_quiet_time(quiet_time) {}

  SessionRecord* find(std::string_view name);
  SessionRecord* find_pane(std::string_view jail, std::uint32_t pane);
  /// Every session, sorted by name.
  std::vector<SessionRecord*> all();
  std::size_t size() const { return m_records.size(); }

  /// True when NAME is a session's or is reserved.
  bool name_taken(std::string_view name) const;
  /// Holds NAME while a session is being created; false when it is taken.
  bool reserve(const std::string& name);
  void release(const std::string& name);

  /// Adds RECORD (its name released from reservation) with the registry's quiet time;
  /// returns it where it lives.
  SessionRecord& add(SessionRecord record);
  /// Sets the pane of RECORD (for find_pane).
  void set_pane(SessionRecord& record, std::uint32_t window, std::uint32_t pane);
  /// Forgets RECORD's pane (its jail died: tmux may reuse the ids).
  void forget_pane(SessionRecord& record);
  /// Removes NAME; its followers get {"state": "killed", "next_cursor": N}.
  void remove(std::string_view name);

  /// BYTES written by the session's pane: ring, state (running), subscribers, watchers.
  void append_output(SessionRecord& record, std::string_view bytes, SteadyTime now);
  /// Publishes CHANGE (with REASON for lost) and runs watchers; ends followers when the
  /// session finished. No-op for nullopt.
  void publish_state(SessionRecord& record, std::optional<StateChange> change);
  /// Runs the watchers of RECORD (e.g. after a wait was registered).
  void run_watchers(SessionRecord& record);

  /// Adds CLIENT as a subscriber from cursor SINCE (backlog sent now; expired bytes are
  /// reported as lost). FOLLOW_ID: a `logs -f` that is answered when the session ends.
  void subscribe(SessionRecord& record, ClientRef client, std::uint64_t since,
                 std::optional<std::int64_t> follow_id);
  /// Removes CLIENT's subscriptions to RECORD; true when there was one.
  bool unsubscribe(SessionRecord& record, const std::shared_ptr<ClientSink>& client);

  /// Moves running sessions whose quiet time has passed to idle.
  void tick(SteadyTime now);
  /// The earliest idle deadline of all sessions.
  std::optional<SteadyTime> next_idle_deadline() const;

 private:
  static std::string pane_key(std::string_view jail, std::uint32_t pane);
  void send_to_subscribers(SessionRecord& record, const std::string& line);
  void end_followers(SessionRecord& record, std::string_view state);

  std::map<std::string, std::unique_ptr<SessionRecord>, std::less<>> m_records;
  std::map<std::string, SessionRecord*, std::less<>> m_by_pane;
  std::set<std::string, std::less<>> m_reserved;
  std::chrono::steady_clock::duration m_quiet_time;
};

}  // namespace sandmux::broker

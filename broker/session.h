#pragma once
// One agent session: the object of DESIGN.md's contract (one tmux window in a jail)
// and the pure state machine that tracks it. Time is always passed in.
// Invariants: state moves starting -> running <-> idle -> exited, or to lost from any
// state but exited; exited and lost are final. on_exited() sets exit_status and
// on_jail_died() sets lost_reason; nothing else changes them. Every change of
// state is returned as a StateChange (the broker turns it into a "state" event).
#include <boost/system/result.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandmux::broker {

using SteadyTime = std::chrono::steady_clock::time_point;

enum class SessionState { starting, running, idle, exited, lost };

/// "starting", "running", "idle", "exited", "lost".
std::string_view to_string(SessionState state);
std::optional<SessionState> parse_session_state(std::string_view text);

/// A window size in character cells.
struct WindowSize {
  int cols = 200;
  int rows = 50;
  bool operator==(const WindowSize&) const = default;
};

inline constexpr int kMinCols = 10, kMaxCols = 1000, kMinRows = 5, kMaxRows = 500;

/// nullopt when SIZE is within kMinCols..kMaxCols x kMinRows..kMaxRows, else why not.
std::optional<std::string> window_size_error(WindowSize size);
/// Parses "COLSxROWS" (e.g. "120x40"); on failure the error is one line, e.g.
/// "invalid size '120': expected COLSxROWS, e.g. 200x50".
boost::system::result<WindowSize, std::string> parse_window_size(std::string_view text);
/// "200x50".
std::string to_string(WindowSize size);

/// "s-" followed by 16 lowercase hex digits of RANDOM: the session's stable id.
std::string make_session_id(std::uint64_t random);
/// True for ids make_session_id() can return (ids read back from tmux are untrusted).
bool is_valid_session_id(std::string_view id);

/// TIME as RFC 3339 UTC with seconds precision: "2026-11-21T11:05:52Z".
std::string format_rfc3339_utc(std::chrono::system_clock::time_point time);

inline constexpr std::chrono::milliseconds kDefaultQuietTime{2000};

struct StateChange {
  SessionState from;
  SessionState to;
  bool operator==(const StateChange&) const = default;
};

struct Session {
  // The contract fields (DESIGN.md "Session object"), in their JSON order.
  std::string name;
  std::string id;
  std::string profile;
  std::string project;
  std::string socket;    ///< the jail's tmux socket path
  std::string window;    ///< "@N"
  std::string pane;      ///< "%N"
  std::int64_t pid = 0;  ///< the pane's process; 0 until known
  std::vector<std::string> command;
  SessionState state = SessionState::starting;
  std::optional<int> exit_status;
  std::string created;  ///< RFC 3339 UTC
  WindowSize size;
  std::string lost_reason;  ///< why it is lost (in "state" events, not in the JSON object)

  // Activity tracking, never serialized.
  std::chrono::steady_clock::duration quiet_time = kDefaultQuietTime;
  SteadyTime last_activity{};  ///< last output or input (or start)
  SteadyTime last_output{};    ///< last output (for `wait --idle`)

  /// The window exists and its command runs: starting -> running.
  std::optional<StateChange> on_started(SteadyTime now);
  /// The pane wrote output: starting or idle -> running.
  std::optional<StateChange> on_output(SteadyTime now);
  /// Someone typed (send/keys): idle -> running; restarts the quiet time.
  std::optional<StateChange> on_input(SteadyTime now);
  /// Time passes: running -> idle once quiet_time has passed since the last activity.
  std::optional<StateChange> on_tick(SteadyTime now);
  /// The command ended (pane_dead_status): -> exited, unless already exited or lost.
  std::optional<StateChange> on_exited(int status);
  /// The jail's tmux server died: -> lost with REASON, unless already exited or lost.
  std::optional<StateChange> on_jail_died(std::string reason);

  /// When on_tick() would next change the state (running: last_activity + quiet_time),
  /// so the broker can arm one timer instead of polling; nullopt in other states.
  std::optional<SteadyTime> idle_deadline() const;
  /// True in exited and lost: no event changes the state any more.
  bool finished() const;

  bool operator==(const Session&) const = default;

 private:
  std::optional<StateChange> move_to(SessionState next);
};

}  // namespace sandmux::broker

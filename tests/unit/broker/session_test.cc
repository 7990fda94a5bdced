// The session state machine and the session's value types.
#include "broker/session.h"

#include <gtest/gtest.h>

namespace sandmux::broker {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
constexpr SessionState kStarting = SessionState::starting, kRunning = SessionState::running,
                       kIdle = SessionState::idle, kExited = SessionState::exited,
                       kLost = SessionState::lost;

SteadyTime at(int ms) { return SteadyTime{} + milliseconds(ms); }

Session running_session() {
  Session s;
  s.quiet_time = milliseconds(1000);
  s.on_started(at(0));
  return s;
}

TEST(SessionState, NamesRoundTrip) {
  for (SessionState s : {kStarting, kRunning, kIdle, kExited, kLost}) {
    EXPECT_EQ(parse_session_state(to_string(s)), s);
  }
  EXPECT_EQ(to_string(kIdle), "idle");
  EXPECT_EQ(parse_session_state("Idle"), std::nullopt);
}

TEST(SessionMachine, StartedMovesStartingToRunning) {
  Session s;
  EXPECT_EQ(s.state, kStarting);
  EXPECT_EQ(s.on_started(at(0)), (StateChange{kStarting, kRunning}));
  EXPECT_EQ(s.on_started(at(5)), std::nullopt);
}

TEST(SessionMachine, OutputBeforeStartedAlsoMeansRunning) {
  Session s;
  EXPECT_EQ(s.on_output(at(1)), (StateChange{kStarting, kRunning}));
}

TEST(SessionMachine, StartingNeverGoesIdle) {
  Session s;
  EXPECT_EQ(s.on_tick(at(100000)), std::nullopt);
  EXPECT_EQ(s.on_input(at(1)), std::nullopt);
  EXPECT_EQ(s.state, kStarting);
}

TEST(SessionMachine, IdleExactlyAfterQuietTime) {
  Session s = running_session();
  s.on_output(at(500));
  EXPECT_EQ(s.on_tick(at(1499)), std::nullopt);
  EXPECT_EQ(s.idle_deadline(), at(1500));
  EXPECT_EQ(s.on_tick(at(1500)), (StateChange{kRunning, kIdle}));
  EXPECT_EQ(s.idle_deadline(), std::nullopt);
}

TEST(SessionMachine, IdleStaysIdleUntilInputOrOutput) {
  Session s = running_session();
  s.on_tick(at(1000));
  EXPECT_EQ(s.on_tick(at(50000)), std::nullopt);
  EXPECT_EQ(s.state, kIdle);
  EXPECT_EQ(s.on_output(at(60000)), (StateChange{kIdle, kRunning}));
  EXPECT_EQ(s.on_tick(at(61000)), (StateChange{kRunning, kIdle}));
  EXPECT_EQ(s.on_input(at(70000)), (StateChange{kIdle, kRunning}));
}

TEST(SessionMachine, InputRestartsTheQuietTime) {
  Session s = running_session();
  s.on_input(at(900));
  EXPECT_EQ(s.on_tick(at(1000)), std::nullopt);
  EXPECT_EQ(s.on_tick(at(1900)), (StateChange{kRunning, kIdle}));
  EXPECT_EQ(s.last_output, SteadyTime{});
}

TEST(SessionMachine, ExitedRecordsStatusAndIsFinal) {
  Session s = running_session();
  EXPECT_EQ(s.on_exited(3), (StateChange{kRunning, kExited}));
  EXPECT_EQ(s.exit_status, 3);
  EXPECT_TRUE(s.finished());
  EXPECT_EQ(s.on_exited(0), std::nullopt);
  EXPECT_EQ(s.on_jail_died("server gone"), std::nullopt);
  EXPECT_EQ(s.on_output(at(5)), std::nullopt);
  EXPECT_EQ(s.on_tick(at(99999)), std::nullopt);
  EXPECT_EQ(s.exit_status, 3);
  EXPECT_EQ(s.state, kExited);
  EXPECT_EQ(s.lost_reason, "");
}

TEST(SessionMachine, AnyLiveStateCanBeLost) {
  for (SessionState from : {kStarting, kRunning, kIdle}) {
    Session s;
    s.state = from;
    EXPECT_EQ(s.on_jail_died("tmux server exited"), (StateChange{from, kLost}));
    EXPECT_EQ(s.lost_reason, "tmux server exited");
  }
}

TEST(SessionMachine, LostIsFinalAndKeepsTheFirstReason) {
  Session s = running_session();
  s.on_jail_died("first");
  EXPECT_EQ(s.on_jail_died("second"), std::nullopt);
  EXPECT_EQ(s.on_exited(0), std::nullopt);
  EXPECT_EQ(s.on_input(at(3)), std::nullopt);
  EXPECT_EQ(s.lost_reason, "first");
  EXPECT_EQ(s.exit_status, std::nullopt);
}

TEST(SessionMachine, ExitFromIdleAndFromStarting) {
  Session idle = running_session();
  idle.on_tick(at(2000));
  EXPECT_EQ(idle.on_exited(0), (StateChange{kIdle, kExited}));
  Session starting;
  EXPECT_EQ(starting.on_exited(127), (StateChange{kStarting, kExited}));
  EXPECT_EQ(starting.exit_status, 127);
}

TEST(WindowSize, DefaultIs200x50) {
  EXPECT_EQ(Session{}.size, (WindowSize{200, 50}));
  EXPECT_EQ(to_string(WindowSize{}), "200x50");
}

TEST(WindowSize, ParseTable) {
  // Each row: the text, then the size it gives ("COLSxROWS") or the whole error.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"120x40", "120x40"},  // plain stays plain
      {"10x5", "10x5"},
      {"1000x500", "1000x500"},
      {"0120x040", "120x40"},
      {"120", "invalid size '120': expected COLSxROWS, e.g. 200x50"},
      {"120X40", "invalid size '120X40': expected COLSxROWS, e.g. 200x50"},
      {"x40", "invalid size 'x40': expected COLSxROWS, e.g. 200x50"},
      {"-1x40", "invalid size '-1x40': expected COLSxROWS, e.g. 200x50"},
      {"12 x40", "invalid size '12 x40': expected COLSxROWS, e.g. 200x50"},
      {"99999x40", "invalid size '99999x40': expected COLSxROWS, e.g. 200x50"},
      {"1x2x3", "invalid size '1x2x3': expected COLSxROWS, e.g. 200x50"},
      {"9x40", "invalid size '9x40': columns must be between 10 and 1000 (got 9)"},
      {"80x501", "invalid size '80x501': rows must be between 5 and 500 (got 501)"},
      {"80x\n;#{}", "invalid size '80x\\x0a;#{}': expected COLSxROWS, e.g. 200x50"},
      {"", "invalid size '': expected COLSxROWS, e.g. 200x50"},
  };
  for (const auto& [text, expected] : cases) {
    const auto parsed = parse_window_size(text);
    EXPECT_EQ(parsed ? to_string(*parsed) : parsed.error(), expected) << text;
  }
}

TEST(SessionId, IsSPlusSixteenHexDigits) {
  EXPECT_EQ(make_session_id(0x1234abcdULL), "s-000000001234abcd");
  EXPECT_TRUE(is_valid_session_id(make_session_id(~0ULL)));
  EXPECT_FALSE(is_valid_session_id("s-000000001234ABCD"));
  EXPECT_FALSE(is_valid_session_id("s-1234"));
  EXPECT_FALSE(is_valid_session_id("x-000000001234abcd"));
  EXPECT_FALSE(is_valid_session_id("s-000000001234abc;"));
}

TEST(Rfc3339, FormatsUtcWithSeconds) {
  using namespace std::chrono;
  const sys_days day = year{2026} / November / 21;
  EXPECT_EQ(format_rfc3339_utc(day + hours(11) + minutes(5) + seconds(52) + milliseconds(999)),
            "2026-11-21T11:05:52Z");
  EXPECT_EQ(format_rfc3339_utc(system_clock::time_point{}), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace sandmux::broker

// The session state machine and the small value types of the session object.
// Pure: no clock is read here, every event carries its time.
#include "broker/session.h"

#include <array>
#include <cstdio>
#include <utility>

#include "broker/session_name.h"

namespace sandmux::broker {
namespace {

constexpr std::array<std::string_view, 5> kStateNames = {"starting", "running", "idle", "exited",
                                                         "lost"};

/// A decimal number of 1 to 4 digits, nothing else.
std::optional<int> parse_small_number(std::string_view text) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string range_error(std::string_view what, int low, int high, int got) {
  return std::string(what) + " must be between " + std::to_string(low) + " and " +
         std::to_string(high) + " (got " + std::to_string(got) + ")";
}

}  // namespace

std::string_view to_string(SessionState state) {
  return kStateNames[static_cast<std::size_t>(state)];
}

std::optional<SessionState> parse_session_state(std::string_view text) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == text) return static_cast<SessionState>(i);
  }
  return std::nullopt;
}

std::optional<std::string> window_size_error(WindowSize size) {
  if (size.cols < kMinCols || size.cols > kMaxCols) {
    return range_error("columns", kMinCols, kMaxCols, size.cols);
  }
  if (size.rows < kMinRows || size.rows > kMaxRows) {
    return range_error("rows", kMinRows, kMaxRows, size.rows);
  }
  return std::nullopt;
}

boost::system::result<WindowSize, std::string> parse_window_size(std::string_view text) {
  const std::string prefix = "invalid size " + quote_for_message(text, 16) + ": ";
  const std::size_t x = text.find('x');
  const std::optional<int> cols =
      x == std::string_view::npos ? std::nullopt : parse_small_number(text.substr(0, x));
  const std::optional<int> rows =
      x == std::string_view::npos ? std::nullopt : parse_small_number(text.substr(x + 1));
  if (!cols || !rows) return prefix + "expected COLSxROWS, e.g. 200x50";
  const WindowSize size{*cols, *rows};
  if (std::optional<std::string> error = window_size_error(size)) return prefix + *error;
  return size;
}

std::string to_string(WindowSize size) {
  return std::to_string(size.cols) + "x" + std::to_string(size.rows);
}

std::string make_session_id(std::uint64_t random) {
  std::array<char, 17> hex{};
  std::snprintf(hex.data(), hex.size(), "%016llx", static_cast<unsigned long long>(random));
  return "s-" + std::string(hex.data(), 16);
}

bool is_valid_session_id(std::string_view id) {
  if (id.size() != 18 || !id.starts_with("s-")) return false;
  return id.substr(2).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string format_rfc3339_utc(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto seconds = floor<std::chrono::seconds>(time);
  const auto day = floor<days>(seconds);
  const year_month_day date{day};
  const hh_mm_ss clock{seconds - day};
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return text.data();
}

std::optional<StateChange> Session::move_to(SessionState next) {
  if (next == state) return std::nullopt;
  const StateChange change{state, next};
  state = next;
  return change;
}

bool Session::finished() const {
  return state == SessionState::exited || state == SessionState::lost;
}

std::optional<StateChange> Session::on_started(SteadyTime now) {
  if (state != SessionState::starting) return std::nullopt;
  last_activity = now;
  return move_to(SessionState::running);
}

std::optional<StateChange> Session::on_output(SteadyTime now) {
  if (finished()) return std::nullopt;
  last_activity = last_output = now;
  return move_to(SessionState::running);
}

std::optional<StateChange> Session::on_input(SteadyTime now) {
  if (finished()) return std::nullopt;
  last_activity = now;
  if (state != SessionState::idle) return std::nullopt;
  return move_to(SessionState::running);
}

std::optional<StateChange> Session::on_tick(SteadyTime now) {
  if (state != SessionState::running || now - last_activity < quiet_time) return std::nullopt;
  return move_to(SessionState::idle);
}

std::optional<StateChange> Session::on_exited(int status) {
  if (finished()) return std::nullopt;
  exit_status = status;
  return move_to(SessionState::exited);
}

std::optional<StateChange> Session::on_jail_died(std::string reason) {
  if (finished()) return std::nullopt;
  lost_reason = std::move(reason);
  return move_to(SessionState::lost);
}

std::optional<SteadyTime> Session::idle_deadline() const {
  if (state != SessionState::running) return std::nullopt;
  return last_activity + quiet_time;
}

}  // namespace sandmux::broker

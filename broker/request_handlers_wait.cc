// `wait`: event-driven. A wait is a watcher on its session, run after each output append
// and state change, plus at most two timers (the idle deadline, the timeout).
// --match (RE2, compiled by compile_match_pattern): a match is looked for in the output
// since the wait began and in the current screen.
// - Output: each watcher run hands the bytes appended since the last run to the wait's
//   OutputMatcher (a copy, O(1) per byte) and posts one search to the io_context unless
//   one is already posted, so a burst of appends costs one search. A search scans the
//   bytes not yet searched plus kMatchWindow bytes of lookback (output_matcher.h states
//   what is guaranteed: every match lying within the last kMatchWindow bytes of output
//   at a search is found, also when it spans appends); `$` is the end of the output as
//   of that search. Work per search is linear in the bytes scanned, never in the total.
// - Screen: captured (capture-pane) when the wait starts and after each search that
//   found nothing, one capture at a time; output during a capture asks for one more
//   capture after it, so the last screen is always looked at. A screen is searched whole.
// - The session ended: the capture taken after its end decides (match or
//   "session-ended"); a session without a pane to capture fails at once.
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <utility>
#include <vector>

#include "broker/jail_manager_commands.h"
#include "broker/output_matcher.h"
#include "broker/request_handlers.h"
#include "broker/session_name.h"
#include "broker/wait_pattern.h"

namespace sandmux::broker {

struct WaitState {
  std::int64_t id = 0;
  std::weak_ptr<ClientSink> client;
  std::string name;
  bool done = false;
  std::shared_ptr<const re2::RE2> regex;  ///< --match only
  std::optional<OutputMatcher> matcher;   ///< --match only
  std::uint64_t fed_cursor = 0;           ///< output before it went to the matcher
  bool search_posted = false;
  bool capturing = false;
  bool capture_again = false;  ///< output arrived while capturing: capture once more
  std::optional<boost::asio::steady_timer> timeout;
  std::optional<boost::asio::steady_timer> idle_timer;

  void finish(const boost::json::value& result) {
    if (done) return;
    done = true;
    if (timeout) timeout->cancel();
    if (idle_timer) idle_timer->cancel();
    respond(client.lock(), id, result);
  }
  void fail(std::string_view code, std::string message) {
    if (done) return;
    done = true;
    if (timeout) timeout->cancel();
    if (idle_timer) idle_timer->cancel();
    respond_error(client.lock(), id, code, std::move(message));
  }
};

namespace {

boost::json::object state_result(const Session& session) {
  boost::json::object out{{"state", to_string(session.state)}};
  out["exit_status"] = session.exit_status ? boost::json::value(*session.exit_status)
                                           : boost::json::value(nullptr);
  return out;
}

/// Gives the matcher the output appended since it was last fed.
void feed_matcher(WaitState& state, const OutputRing& ring) {
  const RingRead read = ring.read_since(state.fed_cursor);
  if (read.status == RingReadStatus::expired) state.matcher->skip_gap();
  state.matcher->append(read.first);
  state.matcher->append(read.second);
  state.fed_cursor = read.next_cursor;
}

std::string ended_without_match(const std::string& name) {
  return "session " + quote_for_message(name) + " ended without a match";
}

/// Ends the wait when SCREEN (capture-pane's lines) matches, or when the session had
/// finished before the capture (then nothing more can appear).
void check_screen(WaitState& state, const std::vector<std::string>& screen, bool finished) {
  std::string text;
  for (const std::string& line : screen) text += line + "\n";
  if (std::optional<std::string> matched = first_match(*state.regex, text)) {
    return state.finish(boost::json::object{{"matched", *matched}});
  }
  if (finished) state.fail(error_code::kSessionEnded, ended_without_match(state.name));
}

}  // namespace

void RequestHandlers::handle_wait(std::int64_t id, const WaitParams& params, const Client& client) {
  SessionRecord* record = any_session(id, params.name, client);
  if (!record) return;
  auto state = std::make_shared<WaitState>();
  state->id = id;
  state->client = client;
  state->name = params.name;
  state->fed_cursor = record->ring.cursor();
  if (const auto* match = std::get_if<WaitMatch>(&params.until)) {
    CompiledPattern compiled = compile_match_pattern(match->regex);
    if (!compiled.regex) return respond_error(client, id, error_code::kBadRequest, compiled.error);
    state->regex = std::move(compiled.regex);
    state->matcher.emplace(state->regex);
  }
  if (params.timeout_seconds) {
    state->timeout.emplace(m_io, std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                     std::chrono::duration<double>(*params.timeout_seconds)));
    state->timeout->async_wait([state, seconds = *params.timeout_seconds](
                                   const boost::system::error_code& ec) {
      if (!ec) state->fail(error_code::kTimeout, "timed out after " + std::to_string(seconds) + " s");
    });
  }
  const auto until = params.until;
  record->watchers.push_back([this, state, until](const SessionRecord& current) {
    if (state->done) return true;
    if (current.removed) {
      state->fail(error_code::kNoSuchSession, "session " + quote_for_message(state->name) + " was killed");
      return true;
    }
    if (std::holds_alternative<WaitExit>(until)) {
      if (current.session.finished()) state->finish(state_result(current.session));
    } else if (const auto* idle = std::get_if<WaitIdle>(&until)) {
      check_idle(state, current, idle->seconds);
    } else {
      check_match(state, current);
    }
    return state->done;
  });
  m_registry.run_watchers(*record);  // --match: the first search, then the first capture
}

void RequestHandlers::check_idle(const std::shared_ptr<WaitState>& state,
                                 const SessionRecord& record, double seconds) {
  if (record.session.finished()) return state->finish(state_result(record.session));
  const auto quiet = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(seconds));
  const SteadyTime deadline =
      std::max(record.session.last_output, record.session.last_activity) + quiet;
  if (std::chrono::steady_clock::now() >= deadline) return state->finish(state_result(record.session));
  if (!state->idle_timer) state->idle_timer.emplace(m_io);
  state->idle_timer->expires_at(deadline);
  state->idle_timer->async_wait([this, state, seconds](const boost::system::error_code& ec) {
    if (ec || state->done) return;
    SessionRecord* now = m_registry.find(state->name);
    if (now) check_idle(state, *now, seconds);
  });
}

void RequestHandlers::check_match(const std::shared_ptr<WaitState>& state,
                                  const SessionRecord& record) {
  feed_matcher(*state, record.ring);
  if (state->search_posted) return;
  state->search_posted = true;
  boost::asio::post(m_io, [this, state] {
    state->search_posted = false;
    if (state->done) return;
    if (std::optional<std::string> matched = state->matcher->search()) {
      return state->finish(
          boost::json::object{{"matched", *matched}, {"cursor", state->fed_cursor}});
    }
    if (SessionRecord* live = m_registry.find(state->name)) capture_for_match(state, *live);
  });
}

void RequestHandlers::capture_for_match(const std::shared_ptr<WaitState>& state,
                                        SessionRecord& record) {
  if (state->capturing) {
    state->capture_again = true;
    return;
  }
  Jail* jail = m_jails.find(record.jail);
  if (!jail || !jail->ready || record.pane_id == kNoTmuxId) {
    if (record.session.finished()) {
      state->fail(error_code::kSessionEnded, ended_without_match(state->name));
    }
    return;
  }
  state->capturing = true;
  const bool finished = record.session.finished();
  jail->connection->send(capture_command(record.pane_id, false, false),
                         [this, state, finished](tmuxctl::Reply&& reply) {
                           state->capturing = false;
                           if (!state->done) check_screen(*state, reply.lines, finished);
                           if (state->done || !std::exchange(state->capture_again, false)) return;
                           if (SessionRecord* live = m_registry.find(state->name)) {
                             capture_for_match(state, *live);
                           }
                         });
}

}  // namespace sandmux::broker

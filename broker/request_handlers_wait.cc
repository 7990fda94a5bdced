// `wait`: event-driven. A wait is a watcher on its session, run after each output append
// and state change, plus at most two timers (the idle deadline, the timeout). A match
// is looked for in the output since the wait began and in the current screen (captured
// once when the wait starts and again after output, one capture at a time).
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <regex>

#include "broker/jail_manager_commands.h"
#include "broker/request_handlers.h"
#include "broker/session_name.h"

namespace sandmux::broker {
namespace {

/// The bytes of output searched per check, newest last: keeps regex work bounded.
constexpr std::size_t kMatchWindow = 64 * 1024;

}  // namespace

struct WaitState {
  std::int64_t id = 0;
  std::weak_ptr<ClientSink> client;
  std::string name;
  bool done = false;
  bool capturing = false;
  std::uint64_t start_cursor = 0;
  std::optional<std::regex> regex;
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

std::optional<std::string> search(const std::regex& regex, std::string_view text) {
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_search(text.begin(), text.end(), match, regex)) return std::nullopt;
  return match.str();
}

}  // namespace

void RequestHandlers::handle_wait(std::int64_t id, const WaitParams& params, const Client& client) {
  SessionRecord* record = any_session(id, params.name, client);
  if (!record) return;
  auto state = std::make_shared<WaitState>();
  state->id = id;
  state->client = client;
  state->name = params.name;
  state->start_cursor = record->ring.cursor();
  if (const auto* match = std::get_if<WaitMatch>(&params.until)) {
    try {
      state->regex.emplace(match->regex, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      return respond_error(client, id, error_code::kBadRequest,
                           "invalid regex " + quote_for_message(match->regex) + ": " + e.what());
    }
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
  m_registry.run_watchers(*record);
  if (state->regex && !state->done) capture_for_match(state, *record);
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
  const std::uint64_t cursor = record.ring.cursor();
  const std::uint64_t from =
      std::max(state->start_cursor, cursor > kMatchWindow ? cursor - kMatchWindow : 0);
  const std::string text = record.ring.read_since(from).str();
  if (auto matched = search(*state->regex, text)) {
    return state->finish(boost::json::object{{"matched", *matched}, {"cursor", cursor}});
  }
  if (!state->capturing) {
    if (SessionRecord* live = m_registry.find(state->name)) capture_for_match(state, *live);
  }
}

void RequestHandlers::capture_for_match(const std::shared_ptr<WaitState>& state,
                                        SessionRecord& record) {
  Jail* jail = m_jails.find(record.jail);
  if (!jail || !jail->ready || record.pane_id == kNoTmuxId) {
    if (record.session.finished()) {
      state->fail(error_code::kSessionEnded,
                  "session " + quote_for_message(state->name) + " ended without a match");
    }
    return;
  }
  state->capturing = true;
  const bool finished = record.session.finished();
  jail->connection->send(capture_command(record.pane_id, false, false),
                         [state, finished](tmuxctl::Reply&& reply) {
                           state->capturing = false;
                           if (state->done) return;
                           std::string screen;
                           for (const std::string& line : reply.lines) screen += line + "\n";
                           if (auto matched = search(*state->regex, screen)) {
                             return state->finish(boost::json::object{{"matched", *matched}});
                           }
                           if (finished) {
                             state->fail(error_code::kSessionEnded,
                                         "session " + quote_for_message(state->name) +
                                             " ended without a match");
                           }
                         });
}

}  // namespace sandmux::broker

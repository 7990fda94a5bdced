// Reading broker lines on the client side: responses, output events, state events.
#include "broker/server_message.h"

#include <array>
#include <boost/json/parse.hpp>
#include <limits>
#include <utility>

#include "broker/base64.h"
#include "broker/json_fields.h"
#include "broker/session_name.h"

namespace sandmux::broker {
namespace {

using MessageResult = boost::system::result<ServerMessage, ProtocolError>;

constexpr std::array<std::string_view, 2> kResultFields = {"id", "result"};
constexpr std::array<std::string_view, 2> kErrorFields = {"id", "error"};
constexpr std::array<std::string_view, 2> kErrorBodyFields = {"code", "message"};
constexpr std::array<std::string_view, 6> kOutputFields = {"event",       "session", "cursor",
                                                           "next_cursor", "data",    "lost"};
constexpr std::array<std::string_view, 6> kStateFields = {"event",    "session",     "state",
                                                          "previous", "exit_status", "reason"};

ProtocolError bad_line(std::string message) {
  return {std::string(error_code::kBadRequest), std::move(message), {}};
}

MessageResult fail(const FieldReader& reader) { return bad_line(*reader.error()); }

bool read_session(FieldReader& reader, std::string& out) {
  if (!reader.string("session", out)) return false;
  if (std::optional<std::string> error = session_name_error(out)) {
    return reader.fail_field("session", "is invalid: " + *error);
  }
  return true;
}

bool read_state(FieldReader& reader, std::string_view key, SessionState& out) {
  std::string text;
  if (!reader.string(key, text)) return false;
  const std::optional<SessionState> state = parse_session_state(text);
  if (!state) return reader.fail_field(key, "has an unknown value " + quote_for_message(text));
  out = *state;
  return true;
}

MessageResult read_output(const boost::json::object& object) {
  FieldReader reader(object, "output event", kOutputFields);
  OutputEvent event;
  std::optional<std::uint64_t> cursor, next, lost;
  std::string data;
  if (!read_session(reader, event.session) || !reader.unsigned_integer("cursor", cursor) ||
      !reader.unsigned_integer("next_cursor", next) || !reader.string("data", data) ||
      !reader.unsigned_integer("lost", lost)) {
    return fail(reader);
  }
  std::optional<std::string> bytes = base64_decode(data);
  if (!cursor || !next) return bad_line("output event needs 'cursor' and 'next_cursor'");
  if (!bytes) return bad_line("field 'data' in output event is not base64");
  if (*next < *cursor || *next - *cursor != bytes->size()) {
    return bad_line("output event's cursors do not match its data");
  }
  event.cursor = *cursor;
  event.next_cursor = *next;
  event.lost = lost.value_or(0);
  event.bytes = std::move(*bytes);
  return event;
}

MessageResult read_state_event(const boost::json::object& object) {
  FieldReader reader(object, "state event", kStateFields);
  StateEvent event;
  std::optional<std::int64_t> status;
  if (!read_session(reader, event.session) || !read_state(reader, "state", event.change.to) ||
      !read_state(reader, "previous", event.change.from) || !reader.value("exit_status", true) ||
      !reader.string("reason", event.reason, false)) {
    return fail(reader);
  }
  const boost::json::value& exit_status = object.at("exit_status");
  if (!exit_status.is_null()) {
    if (!reader.integer("exit_status", status)) return fail(reader);
    if (*status < std::numeric_limits<int>::min() || *status > std::numeric_limits<int>::max()) {
      return bad_line("field 'exit_status' in state event is out of range");
    }
    event.exit_status = static_cast<int>(*status);
  }
  return event;
}

MessageResult read_response(const boost::json::object& object) {
  const bool is_error = object.contains("error");
  FieldReader reader(object, is_error ? "error response" : "response",
                     is_error ? kErrorFields : kResultFields);
  Response response;
  const boost::json::value* id = reader.value("id", true);
  if (!id) return fail(reader);
  if (!id->is_null()) {
    std::int64_t n = 0;
    if (!reader.integer("id", n)) return fail(reader);
    response.id = n;
  }
  const boost::json::value* body = reader.value(is_error ? "error" : "result", true);
  if (!body) return fail(reader);
  if (!is_error) {
    if (!response.id) return bad_line("field 'id' in response must not be null");
    response.result = *body;  // copied out of the parse's storage
    return response;
  }
  if (!body->is_object()) return bad_line("field 'error' in error response must be an object");
  FieldReader error(body->get_object(), "error of error response", kErrorBodyFields);
  ProtocolError out;
  if (!error.string("code", out.code) || !error.string("message", out.message)) return fail(error);
  out.id = response.id;
  response.error = std::move(out);
  return response;
}

}  // namespace

boost::system::result<ServerMessage, ProtocolError> parse_server_line(std::string_view line) {
  if (line.size() > kMaxLineBytes) return bad_line("line from the broker is over the limit");
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(line, ec);
  if (ec) return bad_line("line from the broker is not valid JSON: " + ec.message());
  if (!value.is_object()) return bad_line("line from the broker must be a JSON object");
  const boost::json::object& object = value.get_object();
  const boost::json::value* event = object.if_contains("event");
  if (!event) return read_response(object);
  if (event->is_string() && event->get_string() == "output") return read_output(object);
  if (event->is_string() && event->get_string() == "state") return read_state_event(object);
  return bad_line("unknown event in line from the broker");
}

}  // namespace sandmux::broker

#pragma once
// The client's side of the wire protocol: one line from the broker, read back into a
// response or an event (the CLI, `logs -f` and tests use it).
// Invariants: parse_server_line() accepts exactly what result_line(),
// error_response_line(), output_event_line() and state_event_line() write, and gives
// back what they were given; an output event's data is decoded and its cursors agree
// with its length; parsing never throws (std::bad_alloc aside).
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "broker/protocol.h"
#include "broker/session.h"

namespace sandmux::broker {

/// {"id": N, "result": ...} or {"id": N|null, "error": {...}}.
struct Response {
  std::optional<std::int64_t> id;  ///< null only for errors that belong to no request
  boost::json::value result;       ///< null when error is set
  std::optional<ProtocolError> error;
};

/// {"event": "output", ...}: BYTES are the session's output at [cursor, next_cursor).
struct OutputEvent {
  std::string session;
  std::uint64_t cursor = 0;
  std::uint64_t next_cursor = 0;
  std::uint64_t lost = 0;  ///< bytes skipped before cursor because the reader fell behind
  std::string bytes;
  bool operator==(const OutputEvent&) const = default;
};

/// {"event": "state", ...}.
struct StateEvent {
  std::string session;
  StateChange change;
  std::optional<int> exit_status;
  std::string reason;  ///< why the session was lost, when it was
  bool operator==(const StateEvent&) const = default;
};

using ServerMessage = std::variant<Response, OutputEvent, StateEvent>;

/// One line from the broker after the handshake (without its '\n'). Errors are
/// "bad-request" with a one-line message saying what was wrong with the line.
boost::system::result<ServerMessage, ProtocolError> parse_server_line(std::string_view line);

}  // namespace sandmux::broker

#pragma once
// The broker's wire protocol (version kProtocolVersion): newline-delimited JSON over
// the API socket. One JSON object per line, each way:
//   client hello   {"hello": {"protocol": 1, "client": "sandmux-cli 0.1.0"}}
//   server hello   {"hello": {"protocol": 1, "server": "sandmux 0.1.0"}}
//                  or {"error": {"code": "protocol-version", "message": "..."}}
//   request        {"id": 7, "method": "send", "params": {"name": "fixer", "text": "hi"}}
//   response       {"id": 7, "result": ...}   or   {"id": 7, "error": {"code", "message"}}
//   event          {"event": "output", "session": "fixer", "cursor": N, "next_cursor": M,
//                   "data": "<base64>"[, "lost": L]}
//                  {"event": "state", "session": "fixer", "state": "exited",
//                   "previous": "running", "exit_status": 0|null[, "reason": "..."]}
// Invariants: parse_* never throw (std::bad_alloc aside) and reject anything but the
// documented shape (unknown, missing and mistyped fields, bad session names, lines over
// kMaxLineBytes); error messages are one line of printable ASCII; every builder returns
// one line of JSON ending in '\n' (valid as long as the strings given are UTF-8: output
// bytes go through base64); parse_request(request_line(id, p)) gives back (id, p).
// A key given twice in one object keeps its last value (Boost.JSON 1.81 cannot tell).
//
// Results, by method (the broker answers every request exactly once, in order of the
// requests' completion; `wait` and `logs -f` answer when their condition ends):
//   new            the session object (session_json.h)
//   ls             {"sessions": [session object...]} sorted by name
//   send, keys     {}   (after tmux queued the input; keys are validated key names)
//   capture        {"data": base64 of the screen or history, one '\n' per line}
//   logs           {"cursor": C, "next_cursor": N, "data": base64}: bytes [C, N);
//                  since older than the ring -> "cursor-expired"
//   logs follow    output events from `since` (default: the oldest byte kept), state
//                  events, then the response {"state": "exited"|"lost"|"killed",
//                  "next_cursor": N} once the session has finished or was killed
//   wait           exit/idle: {"state": S, "exit_status": N|null};
//                  match: {"matched": "text"[, "cursor": N]};
//                  errors "timeout", "session-ended" (ended without a match), and
//                  "no-such-session" (killed while waited for)
//   kill           {}
//   socket         {"socket": "/path/of/the/jail/default"}
//   subscribe      {"cursor": C, "state": S}, then output events from C (default: now)
//                  and state events until unsubscribe or disconnect
//   unsubscribe    {"unsubscribed": true|false}
//   broker.status  {"pid", "socket", "version", "uptime_seconds", "jails", "sessions"}
//   broker.stop    {} (then the broker closes every connection; jails keep running)
//   jails          {"jails": [jail object (jail_info.h)...]}: every running jail of the
//                  user under the jail base, sorted by name
//   jails.stop     params {"names": [...]} or {"all": true}: {"stopped": [names...]};
//                  each jail's sandbox is killed from the host (its pid namespace, frozen
//                  or not) and its sessions end (state "lost", reason "its jail was
//                  stopped"); an unknown name fails the whole request with "no-such-jail"
//                  before anything is stopped
// Attaching needs no method: the session object's "socket" (its directory is the jail's
// socket directory) and "window" say where; the grouped session is the client's own.
// "session-ended": send/keys/capture to a session whose jail died (state lost).
// "jail-timeout": the jail's tmux server did not answer within jail_timeout_seconds
// (send, keys, capture); `kill` then ends the window's processes from the host instead
// and answers {} (the session is removed only once its processes are gone).
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "broker/session.h"

namespace sandmux::broker {

inline constexpr int kProtocolVersion = 1;
/// The longest line either side accepts, newline excluded. Readers stop reading a
/// line at this size; parse_* check it again.
inline constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;
/// The most output bytes one `logs` answer or output event carries: as base64 (4/3)
/// plus the JSON around it, a line stays well under kMaxLineBytes.
inline constexpr std::size_t kMaxOutputChunk = 512 * 1024;

/// Error codes on the wire; the CLI maps them to exit codes.
namespace error_code {
inline constexpr std::string_view kBadRequest = "bad-request";            // exit 2
inline constexpr std::string_view kUnknownMethod = "unknown-method";      // exit 2
inline constexpr std::string_view kInvalidName = "invalid-name";          // exit 2
inline constexpr std::string_view kVersionMismatch = "protocol-version";  // exit 125
inline constexpr std::string_view kNoSuchSession = "no-such-session";     // exit 125
inline constexpr std::string_view kNameTaken = "name-taken";              // exit 125
inline constexpr std::string_view kCursorExpired = "cursor-expired";      // exit 125
inline constexpr std::string_view kTimeout = "timeout";                   // exit 124
inline constexpr std::string_view kJailFailed = "jail-failed";            // exit 125
inline constexpr std::string_view kInternal = "internal";                 // exit 125
inline constexpr std::string_view kSessionEnded = "session-ended";        // exit 125
inline constexpr std::string_view kNoSuchJail = "no-such-jail";           // exit 125
inline constexpr std::string_view kJailTimeout = "jail-timeout";          // exit 125
}  // namespace error_code

struct ProtocolError {
  std::string code;                ///< one of error_code::*
  std::string message;             ///< one printable line, no "sandmux: " prefix
  std::optional<std::int64_t> id;  ///< the request's id, when it could be read
  bool operator==(const ProtocolError&) const = default;
};

struct Hello {
  int protocol = kProtocolVersion;
  std::string peer;  ///< "client" or "server" field: who is talking, for logs
  bool operator==(const Hello&) const = default;
};

// Typed params, one per method. Defaults are what an absent optional field means.
struct NewParams {
  std::optional<std::string> profile;  ///< absent: the settings' default profile
  std::string project;                 ///< absolute directory
  std::optional<std::string> name;     ///< absent: the broker picks a default name
  WindowSize size;
  std::vector<std::string> env;      ///< "KEY=VALUE"
  std::vector<std::string> command;  ///< empty: the profile's shell
  bool operator==(const NewParams&) const = default;
};
struct LsParams {
  bool operator==(const LsParams&) const = default;
};
struct SendParams {
  std::string name;
  std::string text;
  bool enter = true;
  bool operator==(const SendParams&) const = default;
};
struct KeysParams {
  std::string name;
  std::vector<std::string> keys;  ///< tmux key names, at least one
  bool operator==(const KeysParams&) const = default;
};
struct CaptureParams {
  std::string name;
  bool history = false;
  bool escapes = false;
  bool operator==(const CaptureParams&) const = default;
};
struct LogsParams {
  std::string name;
  std::optional<std::uint64_t> since;  ///< absent: from the oldest retained byte
  bool follow = false;
  bool operator==(const LogsParams&) const = default;
};
struct WaitExit {
  bool operator==(const WaitExit&) const = default;
};
struct WaitIdle {
  double seconds = 0;
  bool operator==(const WaitIdle&) const = default;
};
struct WaitMatch {
  std::string regex;  ///< checked by compile_match_pattern (RE2 syntax, wait_pattern.h)
  bool operator==(const WaitMatch&) const = default;
};
struct WaitParams {
  std::string name;
  std::variant<WaitExit, WaitIdle, WaitMatch>
      until;  ///< wire: exactly one of exit/idle_seconds/match
  std::optional<double> timeout_seconds;
  bool operator==(const WaitParams&) const = default;
};
struct KillParams {
  std::string name;
  bool operator==(const KillParams&) const = default;
};
struct SocketParams {
  std::optional<std::string> name;     ///< a session's jail; or else
  std::optional<std::string> profile;  ///< the jail of profile (default if absent) +
  std::optional<std::string> project;  ///< project
  bool operator==(const SocketParams&) const = default;
};
struct SubscribeParams {
  std::string name;
  std::optional<std::uint64_t> since;  ///< output from this cursor; absent: from now
  bool operator==(const SubscribeParams&) const = default;
};
struct UnsubscribeParams {
  std::string name;
  bool operator==(const UnsubscribeParams&) const = default;
};
struct BrokerStatusParams {
  bool operator==(const BrokerStatusParams&) const = default;
};
struct BrokerStopParams {
  bool operator==(const BrokerStopParams&) const = default;
};
struct JailsParams {
  bool operator==(const JailsParams&) const = default;
};
struct JailsStopParams {
  std::vector<std::string> names;  ///< jail names (the "name" of a jail object)
  bool all = false;                ///< every running jail; then NAMES is empty
  bool operator==(const JailsStopParams&) const = default;
};

using RequestParams =
    std::variant<NewParams, LsParams, SendParams, KeysParams, CaptureParams, LogsParams, WaitParams,
                 KillParams, SocketParams, SubscribeParams, UnsubscribeParams, BrokerStatusParams,
                 BrokerStopParams, JailsParams, JailsStopParams>;

struct Request {
  std::int64_t id = 0;
  RequestParams params;
  bool operator==(const Request&) const = default;
};

/// The wire name of the method: "new", "ls", ..., "broker.status", "broker.stop".
std::string_view method_name(const RequestParams& params);

// ---- Parsing (never throws) ----

/// The client's first line. A well-formed hello with another version is a
/// protocol-version error naming both versions.
boost::system::result<Hello, ProtocolError> parse_client_hello(std::string_view line);
/// The server's answer to the hello (the client side); an error reply becomes its error.
boost::system::result<Hello, ProtocolError> parse_server_hello(std::string_view line);
/// One request line (without its '\n').
boost::system::result<Request, ProtocolError> parse_request(std::string_view line);

// ---- Building (each returns one line ending in '\n') ----

std::string client_hello_line(std::string_view client);
std::string server_hello_line(std::string_view server);
/// The server's answer to a failed hello: {"error": {...}} (no id: there is no request).
std::string error_line(const ProtocolError& error);
std::string request_line(std::int64_t id, const RequestParams& params);
std::string result_line(std::int64_t id, const boost::json::value& result);
/// {"id": error.id or null, "error": {...}}: the answer to a request that failed, null
/// when the line was too broken to have an id.
std::string error_response_line(const ProtocolError& error);
/// Output bytes FIRST then SECOND (the two views of a ring read) starting at CURSOR.
std::string output_event_line(std::string_view session, std::uint64_t cursor,
                              std::string_view first, std::string_view second = {},
                              std::uint64_t lost = 0);
std::string state_event_line(std::string_view session, const StateChange& change,
                             std::optional<int> exit_status, std::string_view reason = {});

}  // namespace sandmux::broker

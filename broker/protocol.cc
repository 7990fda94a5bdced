// The protocol's envelope: hellos, request lines, responses and events. The params of
// each method are in protocol_params.cc.
#include "broker/protocol.h"

#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "broker/base64.h"
#include "broker/json_fields.h"
#include "broker/protocol_params.h"
#include "broker/session_name.h"
#include "config/did_you_mean.h"

namespace sandmux::broker {
namespace {

constexpr std::array<std::string_view, 3> kRequestFields = {"id", "method", "params"};
constexpr std::size_t kMaxPeerBytes = 256;

ProtocolError bad_request(std::string message, std::optional<std::int64_t> id = {}) {
  return {std::string(error_code::kBadRequest), std::move(message), id};
}

/// Parses LINE as a JSON object into VALUE (whose storage is RESOURCE); WHAT names the
/// line in messages ("request", "hello").
std::optional<ProtocolError> parse_object(std::string_view line, std::string_view what,
                                          boost::json::monotonic_resource& resource,
                                          boost::json::value& value) {
  if (line.size() > kMaxLineBytes) {
    return bad_request(std::string(what) + " of " + std::to_string(line.size()) +
                       " bytes is over the limit of " + std::to_string(kMaxLineBytes));
  }
  boost::system::error_code ec;
  value = boost::json::parse(line, ec, &resource);
  if (ec) return bad_request(std::string(what) + " is not valid JSON: " + ec.message());
  if (!value.is_object()) {
    return bad_request(std::string(what) + " must be a JSON object, not " +
                       std::string(json_kind_name(value)));
  }
  return std::nullopt;
}

std::string line_of(const boost::json::value& value) {
  std::string line = boost::json::serialize(value);
  line += '\n';
  return line;
}

/// The hello object: {"protocol": N, PEER_KEY: "..."}. The version is checked first, so
/// that a newer peer whose hello has more fields still gets a protocol-version error.
boost::system::result<Hello, ProtocolError> read_hello(const boost::json::object& hello,
                                                       std::string_view peer_key) {
  const boost::json::value* protocol = hello.if_contains("protocol");
  if (protocol && protocol->is_int64() && protocol->get_int64() != kProtocolVersion) {
    return ProtocolError{std::string(error_code::kVersionMismatch),
                         std::string(peer_key) + " speaks protocol " +
                             std::to_string(protocol->get_int64()) + ", this " +
                             (peer_key == "client" ? "broker" : "client") + " speaks protocol " +
                             std::to_string(kProtocolVersion),
                         {}};
  }
  const std::array<std::string_view, 2> known = {"protocol", peer_key};
  FieldReader reader(hello, "hello", known);
  Hello out;
  std::int64_t protocol_number = 0;
  if (!reader.integer("protocol", protocol_number) || !reader.string(peer_key, out.peer)) {
    return bad_request(*reader.error());
  }
  out.protocol = static_cast<int>(protocol_number);
  if (out.peer.size() > kMaxPeerBytes) {
    return bad_request("hello: " + std::string(peer_key) + " is too long");
  }
  return out;
}

boost::system::result<Hello, ProtocolError> parse_hello(std::string_view line,
                                                        std::string_view peer_key) {
  unsigned char buffer[4096];
  boost::json::monotonic_resource resource(buffer);
  boost::json::value value(&resource);  // same storage: parse results move in
  if (auto error = parse_object(line, "hello", resource, value)) return *error;
  const boost::json::object& object = value.get_object();
  const boost::json::value* hello = object.if_contains("hello");
  if (object.size() != 1 || !hello || !hello->is_object()) {
    return bad_request(R"(expected a hello first: {"hello": {"protocol": )" +
                       std::to_string(kProtocolVersion) + ", \"" + std::string(peer_key) +
                       "\": \"...\"}}");
  }
  return read_hello(hello->get_object(), peer_key);
}

/// A server's {"error": {"code", "message"}} reply to the hello.
std::optional<ProtocolError> read_error_reply(const boost::json::object& object) {
  const boost::json::value* error = object.if_contains("error");
  if (object.size() != 1 || !error || !error->is_object()) return std::nullopt;
  const std::array<std::string_view, 2> known = {"code", "message"};
  FieldReader reader(error->get_object(), "error", known);
  ProtocolError out;
  if (!reader.string("code", out.code) || !reader.string("message", out.message)) {
    return bad_request(*reader.error());
  }
  return out;
}

std::optional<std::int64_t> id_of(const boost::json::object& object) {
  const boost::json::value* id = object.if_contains("id");
  if (id && id->is_int64()) return id->get_int64();
  return std::nullopt;
}

}  // namespace

boost::system::result<Hello, ProtocolError> parse_client_hello(std::string_view line) {
  return parse_hello(line, "client");
}

boost::system::result<Hello, ProtocolError> parse_server_hello(std::string_view line) {
  unsigned char buffer[4096];
  boost::json::monotonic_resource resource(buffer);
  boost::json::value value(&resource);  // same storage: parse results move in
  if (!parse_object(line, "hello", resource, value)) {
    if (auto error = read_error_reply(value.get_object())) return *error;
  }
  return parse_hello(line, "server");
}

boost::system::result<Request, ProtocolError> parse_request(std::string_view line) {
  unsigned char buffer[8192];
  boost::json::monotonic_resource resource(buffer);
  boost::json::value value(&resource);  // same storage: parse results move in
  if (auto error = parse_object(line, "request", resource, value)) return *error;
  const boost::json::object& object = value.get_object();
  const std::optional<std::int64_t> id = id_of(object);
  FieldReader reader(object, "request", kRequestFields);
  Request request;
  std::string method;
  if (!reader.integer("id", request.id) || !reader.string("method", method)) {
    return bad_request(*reader.error(), id);
  }
  const boost::json::value* params = reader.value("params");
  if (params && !params->is_object()) {
    return bad_request("params of " + quote_for_message(method, 40) + " must be an object, not " +
                           std::string(json_kind_name(*params)),
                       id);
  }
  auto read = read_params(method, params ? params->get_object() : boost::json::object());
  if (!read) {
    ProtocolError error = read.error();
    if (error.code == error_code::kUnknownMethod) {
      error.message += config::did_you_mean(method, method_names());
    }
    error.id = id;
    return error;
  }
  request.params = std::move(*read);
  return request;
}

std::string client_hello_line(std::string_view client) {
  return line_of({{"hello", {{"protocol", kProtocolVersion}, {"client", client}}}});
}

std::string server_hello_line(std::string_view server) {
  return line_of({{"hello", {{"protocol", kProtocolVersion}, {"server", server}}}});
}

std::string error_line(const ProtocolError& error) {
  return line_of({{"error", {{"code", error.code}, {"message", error.message}}}});
}

std::string request_line(std::int64_t id, const RequestParams& params) {
  return line_of({{"id", id}, {"method", method_name(params)}, {"params", params_to_json(params)}});
}

std::string result_line(std::int64_t id, const boost::json::value& result) {
  return line_of({{"id", id}, {"result", result}});
}

std::string error_response_line(const ProtocolError& error) {
  boost::json::object out;
  out["id"] = error.id ? boost::json::value(*error.id) : boost::json::value(nullptr);
  out["error"] = {{"code", error.code}, {"message", error.message}};
  return line_of(out);
}

std::string output_event_line(std::string_view session, std::uint64_t cursor,
                              std::string_view first, std::string_view second, std::uint64_t lost) {
  Base64Encoder data;
  data.add(first);
  data.add(second);
  boost::json::object out{{"event", "output"},
                          {"session", session},
                          {"cursor", cursor},
                          {"next_cursor", cursor + first.size() + second.size()},
                          {"data", data.finish()}};
  if (lost > 0) out["lost"] = lost;
  return line_of(out);
}

std::string state_event_line(std::string_view session, const StateChange& change,
                             std::optional<int> exit_status, std::string_view reason) {
  boost::json::object out{{"event", "state"},
                          {"session", session},
                          {"state", to_string(change.to)},
                          {"previous", to_string(change.from)}};
  out["exit_status"] = exit_status ? boost::json::value(*exit_status) : boost::json::value(nullptr);
  if (!reason.empty()) out["reason"] = reason;
  return line_of(out);
}

}  // namespace sandmux::broker

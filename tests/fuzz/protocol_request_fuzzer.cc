// libFuzzer harness for the API's parsers: requests and hellos (broker/protocol.h) and,
// on the client side, broker lines (broker/server_message.h).
// Claims checked on every input: parsing never crashes or throws; an error message is
// one line of printable ASCII and its error line is valid JSON; whatever parses, written
// back with the builders, parses to the same value (round trip).
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "broker/protocol.h"
#include "broker/server_message.h"

namespace {

using sandmux::broker::ProtocolError;

void check(bool ok) {
  if (!ok) std::abort();
}

/// LINE with its final '\n' removed; it must have exactly one, at the end.
std::string_view body(const std::string& line) {
  check(!line.empty() && line.find('\n') == line.size() - 1);
  return std::string_view(line).substr(0, line.size() - 1);
}

void check_error(const ProtocolError& error) {
  check(!error.code.empty() && !error.message.empty());
  for (char c : error.message) check(c >= 0x20 && c < 0x7f);
  const std::string line = sandmux::broker::error_response_line(error);
  boost::system::error_code ec;
  (void)boost::json::parse(body(line), ec);
  check(!ec);
}

std::string rebuilt(const sandmux::broker::ServerMessage& message) {
  using namespace sandmux::broker;
  if (const auto* out = std::get_if<OutputEvent>(&message)) {
    return output_event_line(out->session, out->cursor, out->bytes, {}, out->lost);
  }
  if (const auto* state = std::get_if<StateEvent>(&message)) {
    return state_event_line(state->session, state->change, state->exit_status, state->reason);
  }
  const auto& response = std::get<Response>(message);
  return response.error ? error_response_line(*response.error)
                        : result_line(*response.id, response.result);
}

void check_server_line(std::string_view line) {
  using namespace sandmux::broker;
  const auto message = parse_server_line(line);
  if (!message) return check_error(message.error());
  const auto again = parse_server_line(body(rebuilt(*message)));
  check(again.has_value() && again->index() == message->index());
  if (const auto* out = std::get_if<OutputEvent>(&*message)) {
    check(std::get<OutputEvent>(*again) == *out);
  } else if (const auto* state = std::get_if<StateEvent>(&*message)) {
    check(std::get<StateEvent>(*again) == *state);
  } else {
    const auto& first = std::get<Response>(*message);
    const auto& second = std::get<Response>(*again);
    check(first.id == second.id && first.error == second.error && first.result == second.result);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const auto request = sandmux::broker::parse_request(line);
  if (!request) {
    check_error(request.error());
  } else {
    const std::string written = sandmux::broker::request_line(request->id, request->params);
    check(written.find('\n') == written.size() - 1);
    const auto again =
        sandmux::broker::parse_request(std::string_view(written).substr(0, written.size() - 1));
    check(again && *again == *request);
  }
  const auto hello = sandmux::broker::parse_client_hello(line);
  if (!hello) check_error(hello.error());
  check_server_line(line);
  return 0;
}

// The client reads back exactly what the broker's builders wrote.
#include "broker/server_message.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace sandmux::broker {
namespace {

ServerMessage read(const std::string& line) {
  EXPECT_EQ(line.back(), '\n');
  const auto parsed = parse_server_line(std::string_view(line).substr(0, line.size() - 1));
  EXPECT_TRUE(parsed) << line << " -> " << parsed.error().message;
  return parsed ? *parsed : ServerMessage{};
}

std::string error_of(std::string_view line) {
  const auto parsed = parse_server_line(line);
  return parsed ? "ok" : parsed.error().message;
}

TEST(ServerMessage, ResultRoundTrips) {
  const boost::json::value result = {{"sessions", boost::json::array{"a", "b"}}};
  const auto response = std::get<Response>(read(result_line(41, result)));
  EXPECT_EQ(response.id, 41);
  EXPECT_EQ(response.result, result);
  EXPECT_FALSE(response.error);
}

TEST(ServerMessage, ErrorRoundTripsWithAndWithoutId) {
  const ProtocolError error{"no-such-session", "no session named 'x'", 5};
  EXPECT_EQ(std::get<Response>(read(error_response_line(error))).error, error);
  const ProtocolError orphan{"bad-request", "request is not valid JSON: syntax error", {}};
  const auto response = std::get<Response>(read(error_response_line(orphan)));
  EXPECT_EQ(response.id, std::nullopt);
  EXPECT_EQ(response.error, orphan);
}

TEST(ServerMessage, OutputEventDecodesBytesAcrossTheWrap) {
  const std::string first = std::string("\x1b[1mbold\0", 9), second = "\xff\r\n";
  const auto event = std::get<OutputEvent>(read(output_event_line("fixer", 7, first, second, 3)));
  EXPECT_EQ(event, (OutputEvent{"fixer", 7, 19, 3, first + second}));
}

TEST(ServerMessage, StateEventRoundTrips) {
  const StateEvent lost{"a", {SessionState::idle, SessionState::lost}, std::nullopt, "gone"};
  EXPECT_EQ(std::get<StateEvent>(read(state_event_line("a", lost.change, std::nullopt, "gone"))),
            lost);
  const StateEvent exited{"a", {SessionState::running, SessionState::exited}, -1, ""};
  EXPECT_EQ(std::get<StateEvent>(read(state_event_line("a", exited.change, -1))), exited);
}

TEST(ServerMessage, MalformedLinesTable) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{", "line from the broker is not valid JSON: incomplete JSON"},
      {"[]", "line from the broker must be a JSON object"},
      {R"({"event":"bell"})", "unknown event in line from the broker"},
      {R"({"id":null,"result":1})", "field 'id' in response must not be null"},
      {R"({"id":1,"result":1,"extra":2})", "unknown field 'extra' in response"},
      {R"({"event":"output","session":"a","cursor":0,"next_cursor":2,"data":"eA=="})",
       "output event's cursors do not match its data"},
      {R"({"event":"output","session":"a","cursor":0,"next_cursor":1,"data":"eA"})",
       "field 'data' in output event is not base64"},
      {R"({"event":"output","session":"a;b","cursor":0,"next_cursor":0,"data":""})",
       "field 'session' in output event is invalid: invalid session name 'a;b': ';' is not "
       "allowed (use letters, digits, '.', '_' and '-')"},
      {R"({"event":"state","session":"a","state":"zombie","previous":"idle","exit_status":null})",
       "field 'state' in state event has an unknown value 'zombie'"},
  };
  for (const auto& [line, message] : cases) EXPECT_EQ(error_of(line), message) << line;
}

}  // namespace
}  // namespace sandmux::broker

// The wire protocol: what each request line parses to, the whole error for what it
// does not, the exact lines the builders write, and request round trips.
#include "broker/protocol.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "broker/base64.h"

namespace sandmux::broker {

void PrintTo(const ProtocolError& e, std::ostream* os) {
  *os << e.code << ": " << e.message << (e.id ? " [id=" + std::to_string(*e.id) + "]" : "");
}

namespace {

/// "ok" or "CODE: MESSAGE [id=N]".
std::string outcome(std::string_view line) {
  const auto parsed = parse_request(line);
  if (parsed) return "ok";
  const ProtocolError& e = parsed.error();
  return e.code + ": " + e.message + (e.id ? " [id=" + std::to_string(*e.id) + "]" : "");
}

RequestParams params_of(std::string_view line) {
  const auto parsed = parse_request(line);
  EXPECT_TRUE(parsed) << outcome(line);
  return parsed ? parsed->params : RequestParams{};
}

const std::string kAllowed = "(use letters, digits, '.', '_' and '-')";

TEST(ParseRequest, EnvelopeErrorsTable) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"id":1,"method":"ls"})", "ok"},  // plain stays plain
      {R"({"id":1,"method":"ls","params":{}})", "ok"},
      {R"({"id":1,"method":"ls")", "bad-request: request is not valid JSON: incomplete JSON"},
      {"", "bad-request: request is not valid JSON: incomplete JSON"},
      {"[1]", "bad-request: request must be a JSON object, not an array"},
      {"\"ls\"", "bad-request: request must be a JSON object, not a string"},
      {R"({"method":"ls"})", "bad-request: missing field 'id' in request"},
      {R"({"id":"1","method":"ls"})",
       "bad-request: field 'id' in request must be an integer, not a string"},
      {R"({"id":1.5,"method":"ls"})",
       "bad-request: field 'id' in request must be an integer, not a number"},
      {R"({"id":18446744073709551615,"method":"ls"})",
       "bad-request: field 'id' in request is out of range"},
      {R"({"id":3})", "bad-request: missing field 'method' in request [id=3]"},
      {R"({"id":3,"method":"ls","parms":{}})",
       "bad-request: unknown field 'parms' in request (did you mean 'params'?) [id=3]"},
      {R"({"id":3,"method":"ls","params":[]})",
       "bad-request: params of 'ls' must be an object, not an array [id=3]"},
      {R"({"id":3,"method":"sned","params":{}})",
       "unknown-method: unknown method 'sned' (did you mean 'send'?) [id=3]"},
      {R"({"id":3,"method":"reboot"})", "unknown-method: unknown method 'reboot' [id=3]"},
      {R"({"id":3,"method":"ls\n;#{}"})", "unknown-method: unknown method 'ls\\x0a;#{}' [id=3]"},
      {R"({"id":3,"method":"ls","params":{"all":true}})",
       "bad-request: unknown field 'all' in params of 'ls' [id=3]"},
      {"{\"id\":1,\"method\":\"ls\"}\n{\"id\":2}",
       "bad-request: request is not valid JSON: extra data"},
      {"{\"id\":1,\"method\":\"l\xff\"}", "bad-request: request is not valid JSON: syntax error"},
  };
  for (const auto& [line, expected] : cases) EXPECT_EQ(outcome(line), expected) << line;
}

TEST(ParseRequest, OversizedLineIsRejectedBeforeParsing) {
  const std::string line = R"({"id":1,"method":"send","params":{"name":"a","text":")" +
                           std::string(kMaxLineBytes, 'x') + R"("}})";
  EXPECT_EQ(outcome(line), "bad-request: request of " + std::to_string(line.size()) +
                               " bytes is over the limit of 1048576");
  EXPECT_EQ(outcome(std::string(kMaxLineBytes + 1, ' ')),
            "bad-request: request of 1048577 bytes is over the limit of 1048576");
}

TEST(ParseRequest, DeepNestingIsAnErrorNotACrash) {
  const std::string line = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(outcome(line), "bad-request: request is not valid JSON: too deep");
}

TEST(ParseRequest, SessionNamesAreCheckedInEveryMethod) {
  for (std::string_view method :
       {"send", "keys", "capture", "logs", "wait", "kill", "socket", "subscribe", "unsubscribe"}) {
    const std::string line = R"({"id":4,"method":")" + std::string(method) +
                             R"(","params":{"name":"x;tmux kill-server"}})";
    EXPECT_EQ(outcome(line),
              "invalid-name: invalid session name 'x;tmux kill-server': ';' is not allowed " +
                  kAllowed + " [id=4]")
        << method;
  }
  EXPECT_EQ(outcome(R"({"id":4,"method":"new","params":{"project":"/p","name":"-t"}})"),
            "invalid-name: invalid session name '-t': it must not start with '-' [id=4]");
  EXPECT_EQ(outcome(R"({"id":4,"method":"kill","params":{"name":"a\u0000b"}})"),
            "invalid-name: invalid session name 'a\\x00b': '\\x00' is not allowed " + kAllowed +
                " [id=4]");
}

TEST(ParseRequest, TypoInAParamGetsDidYouMean) {
  EXPECT_EQ(outcome(R"({"id":5,"method":"send","params":{"nmae":"a","text":"hi"}})"),
            "bad-request: unknown field 'nmae' in params of 'send' (did you mean 'name'?) [id=5]");
  EXPECT_EQ(outcome(R"({"id":5,"method":"send","params":{"name":"a"}})"),
            "bad-request: missing field 'text' in params of 'send' [id=5]");
  EXPECT_EQ(outcome(R"({"id":5,"method":"send","params":{"name":"a","text":"hi","enter":1}})"),
            "bad-request: field 'enter' in params of 'send' must be a boolean, not an integer "
            "[id=5]");
}

TEST(ParseRequest, NewParamsAndTheirErrors) {
  const auto p = std::get<NewParams>(
      params_of(R"({"id":1,"method":"new","params":{"profile":"opencode","project":"/src/app",)"
                R"("name":"fixer","size":{"cols":120,"rows":40},"env":["A=1","B_2="],)"
                R"("command":["opencode","--x"]}})"));
  EXPECT_EQ(p,
            (NewParams{
                "opencode", "/src/app", "fixer", {120, 40}, {"A=1", "B_2="}, {"opencode", "--x"}}));
  const auto minimal =
      std::get<NewParams>(params_of(R"({"id":1,"method":"new","params":{"project":"/"}})"));
  EXPECT_EQ(minimal, (NewParams{std::nullopt, "/", std::nullopt, {200, 50}, {}, {}}));
  const std::string head = R"({"id":1,"method":"new","params":{"project":"/p",)";
  EXPECT_EQ(outcome(R"({"id":1,"method":"new","params":{"project":"src"}})"),
            "bad-request: field 'project' in params of 'new' must be an absolute path, not "
            "'src' [id=1]");
  EXPECT_EQ(outcome(head + R"("size":{"cols":120,"rows":4}}})"),
            "bad-request: field 'size' in params of 'new' is invalid: rows must be between 5 and "
            "500 (got 4) [id=1]");
  EXPECT_EQ(outcome(head + R"("size":"120x40"}})"),
            "bad-request: field 'size' in params of 'new' must be an object, not a string [id=1]");
  EXPECT_EQ(outcome(head + R"("env":["=x"]}})"),
            "bad-request: field 'env' in params of 'new' has an invalid entry '=x': expected "
            "KEY=VALUE, KEY of letters, digits and '_' [id=1]");
  EXPECT_EQ(outcome(head + R"("env":["PATH"]}})"),
            "bad-request: field 'env' in params of 'new' has an invalid entry 'PATH': expected "
            "KEY=VALUE, KEY of letters, digits and '_' [id=1]");
  EXPECT_EQ(outcome(head + R"("command":["sh","a\u0000b"]}})"),
            "bad-request: field 'command' in params of 'new' must not contain NUL bytes [id=1]");
  EXPECT_EQ(outcome(head + R"("command":"sh"}})"),
            "bad-request: field 'command' in params of 'new' must be an array of strings, not "
            "a string [id=1]");
}

TEST(ParseRequest, SendKeepsTextExactly) {
  const auto p = std::get<SendParams>(
      params_of(R"({"id":1,"method":"send","params":)"
                R"({"name":"a","text":"line 1\nline 2; #{x} \"q\" \u00e9"}})"));
  EXPECT_EQ(p.text, "line 1\nline 2; #{x} \"q\" \xc3\xa9");
  EXPECT_TRUE(p.enter);
  EXPECT_EQ(outcome(R"({"id":1,"method":"send","params":{"name":"a","text":"\u0000"}})"),
            "bad-request: field 'text' in params of 'send' must not contain NUL bytes [id=1]");
}

TEST(ParseRequest, KeysNeedAtLeastOneSaneKeyName) {
  EXPECT_EQ(std::get<KeysParams>(params_of(
                R"({"id":1,"method":"keys","params":{"name":"a","keys":["C-c","Enter",";"]}})")),
            (KeysParams{"a", {"C-c", "Enter", ";"}}));
  EXPECT_EQ(outcome(R"({"id":1,"method":"keys","params":{"name":"a","keys":[]}})"),
            "bad-request: field 'keys' in params of 'keys' must name at least one key [id=1]");
  EXPECT_EQ(outcome(R"({"id":1,"method":"keys","params":{"name":"a","keys":["C-c\n"]}})"),
            "bad-request: field 'keys' in params of 'keys' has an invalid key name 'C-c\\x0a' "
            "[id=1]");
  EXPECT_EQ(outcome(R"({"id":1,"method":"keys","params":{"name":"a"}})"),
            "bad-request: missing field 'keys' in params of 'keys' [id=1]");
}

TEST(ParseRequest, LogsSinceIsAnUnsignedCursor) {
  EXPECT_EQ(std::get<LogsParams>(
                params_of(R"({"id":1,"method":"logs","params":)"
                          R"({"name":"a","since":18446744073709551615,"follow":true}})")),
            (LogsParams{"a", 18446744073709551615ULL, true}));
  EXPECT_EQ(outcome(R"({"id":1,"method":"logs","params":{"name":"a","since":-1}})"),
            "bad-request: field 'since' in params of 'logs' must not be negative [id=1]");
}

TEST(ParseRequest, WaitNeedsExactlyOneCondition) {
  const std::string head = R"({"id":1,"method":"wait","params":{"name":"a",)";
  EXPECT_EQ(std::get<WaitParams>(params_of(head + R"("exit":true}})")).until,
            (std::variant<WaitExit, WaitIdle, WaitMatch>(WaitExit{})));
  EXPECT_EQ(std::get<WaitParams>(params_of(head + R"("idle_seconds":2.5,"timeout_seconds":0}})")),
            (WaitParams{"a", WaitIdle{2.5}, 0.0}));
  EXPECT_EQ(std::get<WaitParams>(params_of(head + R"("match":"\\$ $"}})")).until,
            (std::variant<WaitExit, WaitIdle, WaitMatch>(WaitMatch{"\\$ $"})));
  const std::vector<std::pair<std::string, std::string>> errors = {
      {"\"exit\":true,\"match\":\"x\"",
       "params of 'wait' need exactly one of 'exit', 'idle_seconds' and 'match'"},
      {"\"timeout_seconds\":1",
       "params of 'wait' need exactly one of 'exit', 'idle_seconds' and 'match'"},
      {"\"exit\":false", "field 'exit' in params of 'wait' must be true when present"},
      {"\"idle_seconds\":0",
       "field 'idle_seconds' in params of 'wait' must be more than 0 and at most 31622400 "
       "(seconds)"},
      {"\"exit\":true,\"timeout_seconds\":-1",
       "field 'timeout_seconds' in params of 'wait' must be between 0 and 31622400 (seconds)"},
      {"\"match\":\"(a\"",
       "field 'match' in params of 'wait' is invalid: '(a' is not a valid regex: missing ): '(a'"},
      {"\"match\":\"\"", "field 'match' in params of 'wait' is invalid: the pattern is empty"},
  };
  for (const auto& [fields, message] : errors) {
    EXPECT_EQ(outcome(head + fields + "}}"), "bad-request: " + message + " [id=1]") << fields;
  }
}

TEST(ParseRequest, SocketTakesANameOrAProject) {
  EXPECT_EQ(
      std::get<SocketParams>(params_of(R"({"id":1,"method":"socket","params":{"name":"a"}})")),
      (SocketParams{"a", std::nullopt, std::nullopt}));
  EXPECT_EQ(std::get<SocketParams>(
                params_of(R"({"id":1,"method":"socket","params":{"profile":"p","project":"/x"}})")),
            (SocketParams{std::nullopt, "p", "/x"}));
  EXPECT_EQ(outcome(R"({"id":1,"method":"socket","params":{}})"),
            "bad-request: params of 'socket' need either 'name' or 'project' (with an optional "
            "'profile') [id=1]");
  EXPECT_EQ(outcome(R"({"id":1,"method":"socket","params":{"name":"a","profile":"p"}})"),
            "bad-request: field 'profile' in params of 'socket' goes with 'project', not with "
            "'name' [id=1]");
}

TEST(ParseRequest, JailsStopTakesNamesOrAll) {
  const std::string head = R"({"id":1,"method":"jails.stop","params":{)";
  EXPECT_EQ(std::get<JailsStopParams>(params_of(head + R"("all":true}})")),
            (JailsStopParams{{}, true}));
  EXPECT_EQ(outcome(head + "}}"),
            "bad-request: params of 'jails.stop' need either 'names' (not empty) or 'all': true "
            "[id=1]");
  EXPECT_EQ(outcome(head + R"("names":["a"],"all":true}})"),
            "bad-request: params of 'jails.stop' need either 'names' (not empty) or 'all': true "
            "[id=1]");
  EXPECT_EQ(outcome(head + R"("names":["../etc"]}})"),
            "bad-request: field 'names' in params of 'jails.stop' holds '../etc', which is no "
            "jail name [id=1]");
  EXPECT_EQ(outcome(head + R"("names":["a/b"]}})"),
            "bad-request: field 'names' in params of 'jails.stop' holds 'a/b', which is no jail "
            "name [id=1]");
}

TEST(ParseRequest, EveryMethodRoundTrips) {
  const std::vector<RequestParams> all = {
      NewParams{"opencode", "/src", "fixer", {80, 24}, {"K=V"}, {"sh", "-c", "echo ;"}},
      NewParams{std::nullopt, "/", std::nullopt, {}, {}, {}},
      LsParams{},
      SendParams{"a", "multi\nline\t\"quoted\"", false},
      KeysParams{"a", {"C-c", "Up"}},
      CaptureParams{"a", true, true},
      LogsParams{"a", 12345, true},
      LogsParams{"a", std::nullopt, false},
      WaitParams{"a", WaitExit{}, std::nullopt},
      WaitParams{"a", WaitIdle{0.1}, 30.0},
      WaitParams{"a", WaitMatch{"^done [0-9]+$"}, 1e-3},
      KillParams{"a"},
      SocketParams{"a", std::nullopt, std::nullopt},
      SocketParams{std::nullopt, std::nullopt, "/p"},
      SubscribeParams{"a", 0},
      UnsubscribeParams{"a"},
      BrokerStatusParams{},
      BrokerStopParams{},
      JailsParams{},
      JailsStopParams{{"default-app-0123456789abcdef", "offline-x-fedcba9876543210"}, false},
      JailsStopParams{{}, true},
  };
  std::int64_t id = -3;
  for (const RequestParams& params : all) {
    const std::string line = request_line(id, params);
    ASSERT_EQ(line.back(), '\n');
    ASSERT_EQ(line.find('\n'), line.size() - 1);
    const auto back = parse_request(std::string_view(line).substr(0, line.size() - 1));
    ASSERT_TRUE(back) << line << " -> " << back.error().message;
    EXPECT_EQ(*back, (Request{id, params})) << line;
    ++id;
  }
}

TEST(ProtocolLines, RequestLineIsExact) {
  EXPECT_EQ(request_line(7, SendParams{"fixer", "hi", true}),
            "{\"id\":7,\"method\":\"send\",\"params\":{\"name\":\"fixer\",\"text\":\"hi\","
            "\"enter\":true}}\n");
  EXPECT_EQ(request_line(8, BrokerStopParams{}),
            "{\"id\":8,\"method\":\"broker.stop\",\"params\":{}}\n");
}

TEST(ProtocolLines, ResponsesAndErrors) {
  EXPECT_EQ(result_line(7, boost::json::object{{"name", "fixer"}}),
            "{\"id\":7,\"result\":{\"name\":\"fixer\"}}\n");
  EXPECT_EQ(error_response_line({"no-such-session", "no session named 'x'", 9}),
            "{\"id\":9,\"error\":{\"code\":\"no-such-session\",\"message\":\"no session named "
            "'x'\"}}\n");
  EXPECT_EQ(error_response_line({"bad-request", "request is not valid JSON", std::nullopt}),
            "{\"id\":null,\"error\":{\"code\":\"bad-request\",\"message\":\"request is not "
            "valid JSON\"}}\n");
}

TEST(ProtocolLines, OutputEventJoinsBothViewsInBase64) {
  const std::string line = output_event_line("fixer", 100, "hel", "lo\n\x1b[0m", 7);
  EXPECT_EQ(line,
            "{\"event\":\"output\",\"session\":\"fixer\",\"cursor\":100,\"next_cursor\":110,"
            "\"data\":\"" +
                base64_encode("hello\n\x1b[0m") + "\",\"lost\":7}\n");
  EXPECT_EQ(output_event_line("a", 0, "x"),
            "{\"event\":\"output\",\"session\":\"a\",\"cursor\":0,\"next_cursor\":1,"
            "\"data\":\"eA==\"}\n");
}

TEST(ProtocolLines, StateEvents) {
  EXPECT_EQ(state_event_line("a", {SessionState::running, SessionState::exited}, 3),
            "{\"event\":\"state\",\"session\":\"a\",\"state\":\"exited\",\"previous\":"
            "\"running\",\"exit_status\":3}\n");
  EXPECT_EQ(state_event_line("a", {SessionState::idle, SessionState::lost}, std::nullopt,
                             "tmux server died"),
            "{\"event\":\"state\",\"session\":\"a\",\"state\":\"lost\",\"previous\":\"idle\","
            "\"exit_status\":null,\"reason\":\"tmux server died\"}\n");
}

TEST(Handshake, ClientHelloAndServerAnswer) {
  const std::string hello = client_hello_line("sandmux-cli 0.1.0");
  EXPECT_EQ(hello, "{\"hello\":{\"protocol\":1,\"client\":\"sandmux-cli 0.1.0\"}}\n");
  const auto parsed = parse_client_hello(hello);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, (Hello{1, "sandmux-cli 0.1.0"}));
  const std::string answer = server_hello_line("sandmux 0.1.0");
  EXPECT_EQ(answer, "{\"hello\":{\"protocol\":1,\"server\":\"sandmux 0.1.0\"}}\n");
  ASSERT_TRUE(parse_server_hello(answer));
  EXPECT_EQ(parse_server_hello(answer)->peer, "sandmux 0.1.0");
}

TEST(Handshake, VersionMismatchIsAProtocolVersionError) {
  const auto parsed = parse_client_hello(R"({"hello":{"protocol":2,"client":"x","new":1}})");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error(), (ProtocolError{"protocol-version",
                                           "client speaks protocol 2, this broker speaks "
                                           "protocol 1",
                                           std::nullopt}));
  const std::string reply = error_line(parsed.error());
  EXPECT_EQ(reply,
            "{\"error\":{\"code\":\"protocol-version\",\"message\":\"client speaks "
            "protocol 2, this broker speaks protocol 1\"}}\n");
  const auto seen_by_client = parse_server_hello(reply);
  ASSERT_FALSE(seen_by_client);
  EXPECT_EQ(seen_by_client.error().code, "protocol-version");
}

TEST(Handshake, RequestBeforeHelloIsRejected) {
  const auto parsed = parse_client_hello(R"({"id":1,"method":"ls"})");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message,
            R"(expected a hello first: {"hello": {"protocol": 1, "client": "..."}})");
  EXPECT_EQ(parse_client_hello(R"({"hello":{"protocol":1,"clinet":"x"}})").error().message,
            "unknown field 'clinet' in hello (did you mean 'client'?)");
}

}  // namespace
}  // namespace sandmux::broker

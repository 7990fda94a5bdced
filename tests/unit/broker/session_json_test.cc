// The session object on the wire: exact JSON, strict reading, lossless round trip.
#include "broker/session_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace sandmux::broker {
namespace {

Session sample() {
  Session s;
  s.name = "fixer";
  s.id = "s-00000000deadbeef";
  s.profile = "opencode";
  s.project = "/home/u/src/app";
  s.socket = "/run/user/1000/sandmux/jails/j1/default";
  s.window = "@3";
  s.pane = "%7";
  s.pid = 4242;
  s.command = {"opencode", "--model", "x y"};
  s.state = SessionState::exited;
  s.exit_status = 2;
  s.created = "2026-11-21T11:05:52Z";
  s.size = {120, 40};
  return s;
}

std::string from_json_error(std::string_view text) {
  const auto parsed = session_from_json(boost::json::parse(text));
  return parsed ? "ok" : parsed.error();
}

TEST(SessionJson, ExactFieldsInContractOrder) {
  EXPECT_EQ(boost::json::serialize(session_to_json(sample())),
            R"({"name":"fixer","id":"s-00000000deadbeef","profile":"opencode",)"
            R"("project":"/home/u/src/app","socket":"/run/user/1000/sandmux/jails/j1/default",)"
            R"("window":"@3","pane":"%7","pid":4242,"command":["opencode","--model","x y"],)"
            R"("state":"exited","exit_status":2,"created":"2026-11-21T11:05:52Z",)"
            R"("size":{"cols":120,"rows":40}})");
}

TEST(SessionJson, NoExitStatusIsNull) {
  Session s = sample();
  s.state = SessionState::running;
  s.exit_status.reset();
  EXPECT_TRUE(session_to_json(s).at("exit_status").is_null());
}

TEST(SessionJson, RoundTripKeepsEveryContractField) {
  for (SessionState state : {SessionState::starting, SessionState::running, SessionState::idle,
                             SessionState::exited, SessionState::lost}) {
    Session s = sample();
    s.state = state;
    if (state != SessionState::exited) s.exit_status.reset();
    const auto back = session_from_json(session_to_json(s));
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(*back, s);
  }
}

TEST(SessionJson, HostileStringsSurviveTheRoundTrip) {
  Session s = sample();
  s.command = {"sh", "-c", "echo \"#{pane_pid}\"; printf '\\0\\n'", std::string("a\0b", 3)};
  s.project = "/tmp/dir with spaces/\xc3\xa9";
  const std::string text = boost::json::serialize(session_to_json(s));
  EXPECT_EQ(text.find('\n'), std::string::npos);
  const auto back = session_from_json(boost::json::parse(text));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, s);
}

TEST(SessionJson, StrictReadingErrors) {
  const std::string good = boost::json::serialize(session_to_json(sample()));
  auto replace = [&](std::string_view from, std::string_view to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  EXPECT_EQ(from_json_error(good), "ok");
  EXPECT_EQ(from_json_error("[]"), "session object must be a JSON object, not an array");
  EXPECT_EQ(from_json_error(replace(R"("state")", R"("stat")")),
            "unknown field 'stat' in session object (did you mean 'state'?)");
  EXPECT_EQ(from_json_error(replace(R"("pid":4242,)", "")),
            "missing field 'pid' in session object");
  EXPECT_EQ(from_json_error(replace(R"("pid":4242)", R"("pid":"4242")")),
            "field 'pid' in session object must be an integer, not a string");
  EXPECT_EQ(from_json_error(replace(R"("exited")", R"("dead")")),
            "field 'state' in session object has an unknown value 'dead'");
  EXPECT_EQ(from_json_error(replace(R"("exit_status":2)", R"("exit_status":2.5)")),
            "field 'exit_status' in session object must be an integer, not a number");
  EXPECT_EQ(from_json_error(replace(R"("--model")", R"(7)")),
            "field 'command' in session object must be an array of strings, not of an "
            "integer (item 2)");
  EXPECT_EQ(from_json_error(replace(R"("rows":40)", R"("rows":4)")),
            "field 'size' in session object is invalid: rows must be between 5 and 500 (got 4)");
  EXPECT_EQ(from_json_error(replace(R"("rows":40)", R"("rowz":40)")),
            "field 'size' in session object is invalid: unknown field 'rowz' in size of "
            "session object (did you mean 'rows'?)");
  EXPECT_EQ(from_json_error(replace(R"("fixer")", R"("a;b")")),
            "field 'name' in session object is invalid: invalid session name 'a;b': ';' is "
            "not allowed (use letters, digits, '.', '_' and '-')");
  EXPECT_EQ(from_json_error(replace(R"("s-00000000deadbeef")", R"("x")")),
            "field 'id' in session object is not a session id: 'x'");
}

}  // namespace
}  // namespace sandmux::broker

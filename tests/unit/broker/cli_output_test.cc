#include "broker/cli_output.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>

#include "broker/command.h"
#include "broker/exit_codes.h"

namespace sandmux::broker {
namespace {

Session make_session(std::string name, std::vector<std::string> command) {
  Session session;
  session.name = std::move(name);
  session.profile = "default";
  session.project = "/src/app";
  session.window = "@3";
  session.pid = 42;
  session.state = SessionState::running;
  session.command = std::move(command);
  return session;
}

TEST(CliOutput, PrintableEscapesEverythingButPrintableAscii) {
  EXPECT_EQ(printable("plain text"), "plain text");
  EXPECT_EQ(printable("a\nb\x1b[2J\\c\xc3\xa9"), "a\\x0ab\\x1b[2J\\\\c\\xc3\\xa9");
}

TEST(CliOutput, DisplayCommandQuotesWordsAShellWouldSplit) {
  const std::vector<std::string> argv = {"sh", "-c", "echo hi; exit 3", "", "plain"};
  EXPECT_EQ(display_command(argv), "sh -c 'echo hi; exit 3' '' plain");
}

TEST(CliOutput, TableHasAHeaderAndAlignedColumns) {
  const std::vector<Session> sessions = {make_session("fixer", {"opencode"}),
                                         make_session("t", {"sleep", "600"})};
  EXPECT_EQ(format_session_table(sessions),
            "NAME   STATE    PROFILE  PROJECT   WINDOW  PID  COMMAND\n"
            "fixer  running  default  /src/app  @3      42   opencode\n"
            "t      running  default  /src/app  @3      42   sleep 600\n");
}

TEST(CliOutput, TableCannotBeForgedByHostileText) {
  Session session = make_session("x", {"printf", "\n\x1b[1A"});
  session.project = "/p\rq";
  const std::string table = format_session_table(std::vector<Session>{session});
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 2);
  EXPECT_EQ(table.find('\x1b'), std::string::npos);
  EXPECT_EQ(table.find('\r'), std::string::npos);
}

TEST(CliOutput, UnexpectedAnswersAreSandmuxFailures) {
  try {
    sessions_from_result(boost::json::parse(R"({"sessions": 3})"));
    FAIL() << "no exception";
  } catch (const UserError& e) {
    EXPECT_EQ(e.exit_code(), kExitFailure);
    EXPECT_STREQ(e.what(), "unexpected answer from the broker: the answer to 'ls' is not a list");
  }
}

TEST(CliOutput, BytesComeFromBase64) {
  EXPECT_EQ(bytes_from_result(boost::json::parse(R"({"data": "aGk="})"), "data"), "hi");
  EXPECT_THROW(bytes_from_result(boost::json::parse(R"({"data": "!!"})"), "data"), UserError);
}

TEST(CliOutput, InvalidNamesAreUsageErrors) {
  EXPECT_NO_THROW(check_session_name("fixer-1.a_b"));
  try {
    check_session_name("a;b");
    FAIL() << "no exception";
  } catch (const UserError& e) {
    EXPECT_EQ(e.exit_code(), kExitUsage);
    EXPECT_EQ(std::string(e.what()).rfind("invalid session name 'a;b'", 0), 0u) << e.what();
  }
}

}  // namespace
}  // namespace sandmux::broker

// Quoting and command lines: every argument reaches tmux as exactly one word.
#include "tmuxctl/command_builder.h"

#include <gtest/gtest.h>

namespace sandmux::tmuxctl {
namespace {

TEST(QuoteArgument, Table) {
  struct Row {
    std::string_view in;
    std::string_view out;
  };
  const Row rows[] = {
      {"plain-name_1.2", "plain-name_1.2"},  // plain stays plain
      {"%3", "%3"},
      {"@1:continue", "@1:continue"},
      {"%1:continue", "'%1:continue'"},  // tmux reads %word as a directive
      {"%if", "'%if'"},
      {"", "''"},
      {"two words", "'two words'"},
      {"a;b", "'a;b'"},
      {";", "';'"},
      {"it's", "'it'\"'\"'s'"},
      {"\"dq\"", "'\"dq\"'"},
      {"#{pane_id}", "'#{pane_id}'"},
      {"$HOME", "'$HOME'"},
      {"~/x", "'~/x'"},
      {"{ block }", "'{ block }'"},
      {"back\\slash", "'back\\slash'"},
      {"\t\x1b[m\xc3\xa9", "'\t\x1b[m\xc3\xa9'"},
      // torture: everything at once
      {"-x'; kill-server ; \"#{s}\" $H ~ {}\\", "'-x'\"'\"'; kill-server ; \"#{s}\" $H ~ {}\\'"},
  };
  for (const auto& row : rows) {
    const auto quoted = quote_argument(row.in);
    ASSERT_TRUE(quoted) << row.in;
    EXPECT_EQ(*quoted, row.out) << row.in;
  }
}

TEST(QuoteArgument, RefusesNewlineCarriageReturnAndNul) {
  EXPECT_FALSE(quote_argument("a\nb"));
  EXPECT_FALSE(quote_argument("a\rb"));
  EXPECT_FALSE(quote_argument(std::string_view("a\0b", 3)));
}

TEST(EscapeFormat, DoublesHashes) {
  EXPECT_EQ(escape_format("#{pane_id} ## #"), "##{pane_id} #### ##");
  EXPECT_EQ(escape_format("plain"), "plain");
}

TEST(Command, PlainCommandStaysPlain) {
  const auto line = Command("send-keys").option('t', "%1").arg("Enter").build();
  ASSERT_TRUE(line) << line.error;
  EXPECT_EQ(line.value->text(), "send-keys -t %1 Enter");
  EXPECT_EQ(line.value->commands(), 1u);
}

TEST(Command, LeadingDashPositionalGetsDoubleDash) {
  const auto line = Command("display-message").flag('p').arg("-n").build();
  EXPECT_EQ(line.value->text(), "display-message -p -- -n");
}

TEST(Command, LeadingDashOptionValueIsGlued) {
  const auto line = Command("rename-window").option('t', "-x").arg("n").build();
  EXPECT_EQ(line.value->text(), "rename-window -t-x n");
}

TEST(Command, FormatTextDoublesHash) {
  const auto line = Command("rename-window").option('t', "@1").format_text("a#{b}; c").build();
  EXPECT_EQ(line.value->text(), "rename-window -t @1 'a##{b}; c'");
}

TEST(Command, RefusesWhatTmuxWouldMisread) {
  EXPECT_EQ(Command("bogus").build().error, "unknown tmux command 'bogus'");
  EXPECT_EQ(Command("if-shell").build().error, "'if-shell' runs other commands");
  EXPECT_EQ(Command("source").build().error, "'source-file' runs other commands");
  EXPECT_EQ(Command("run-shell").flag('C').build().error, "'run-shell -C' runs other commands");
  EXPECT_EQ(Command("rename-window").arg("a\nb").build().error, "argument contains a newline or NUL");
}

TEST(CommandLine, ParseAcceptsAndCounts) {
  struct Row {
    std::string_view raw;
    std::size_t commands;
  };
  const Row rows[] = {
      {"list-windows", 1},
      {"display -p 'a ; b'", 1},
      {"display -p a\\;b", 1},
      {"display -p \"x;y\" ; list-panes", 2},
      {"display -p a;display -p b", 2},
      {"display -p h#i", 1},
      {"display -t %12 -p x", 1},
      {"run-shell -b 'echo hi'", 1},
  };
  for (const auto& row : rows) {
    const auto line = CommandLine::parse(row.raw);
    ASSERT_TRUE(line) << row.raw << ": " << line.error;
    EXPECT_EQ(line.value->commands(), row.commands) << row.raw;
  }
}

TEST(CommandLine, ParseRefusesLinesTmuxWouldSplitOrIgnore) {
  struct Row {
    std::string_view raw;
    std::string_view error;
  };
  const Row rows[] = {
      {"", "blank command line (tmux would detach)"},
      {"   ", "blank command line (tmux would detach)"},
      {"# comment", "command line has '#' starts a comment here"},
      {"display x #c", "command line has '#' starts a comment here"},
      {"list-windows\nkill-server", "command line contains a newline, carriage return or NUL"},
      {"%if 1", "command line starts with '%' (a tmux directive)"},
      {"display 'x", "command line has an unterminated quote"},
      {"display x {", "command line has an unquoted brace"},
      {"display x ;", "command line has an empty command"},
      {"if true x", "command line has 'if' runs other commands"},
      {"if-s true x", "command line has 'if-s' runs other commands"},
      {"display x ; source f", "command line has 'source' runs other commands"},
      {"run -C 'x'", "command line has 'run-shell -C' runs other commands"},
      {"'display' x", "command line has a quoted command name"},
      {"refresh-client -A %1:continue", "command line has a '%' directive"},
      {"nosuch", "command line has unknown command 'nosuch'"},
  };
  for (const auto& row : rows) {
    const auto line = CommandLine::parse(row.raw);
    EXPECT_FALSE(line) << row.raw;
    EXPECT_EQ(line.error, row.error) << row.raw;
  }
}

TEST(CommandLine, SequenceCountsAllCommands) {
  const auto a = CommandLine::parse("display -p a ; display -p b");
  const auto b = CommandLine::parse("list-windows");
  const auto joined = CommandLine::sequence({*a.value, *b.value});
  EXPECT_EQ(joined.value->text(), "display -p a ; display -p b ; list-windows");
  EXPECT_EQ(joined.value->commands(), 3u);
}

TEST(SendText, MixesLiteralAndHexRuns) {
  const auto line = send_text(3, "ls -l\n'q'");
  ASSERT_TRUE(line) << line.error;
  EXPECT_EQ(line.value->text(),
            "send-keys -l -t %3 'ls -l' ; send-keys -H -t %3 0a ; send-keys -l -t %3 "
            "''\"'\"'q'\"'\"''");
  EXPECT_EQ(line.value->commands(), 3u);
  EXPECT_TRUE(CommandLine::parse(line.value->text()));
}

TEST(SendBytes, HexForEveryByte) {
  const auto line = send_bytes(1, std::string("\0\xff", 2));
  EXPECT_EQ(line.value->text(), "send-keys -H -t %1 00 ff");
}

TEST(Helpers, ContinueAndCapture) {
  EXPECT_EQ(continue_pane(7).text(), "refresh-client -A '%7:continue'");
  EXPECT_EQ(capture_screen(7).text(), "capture-pane -p -e -t %7");
}

}  // namespace
}  // namespace sandmux::tmuxctl

#include "terminal/output_filter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sandmux::terminal {
namespace {

std::string filter(std::string_view input, FilterOptions options = {}) {
  OutputFilter f(options);
  std::string out;
  f.feed(input, out);
  f.finish(out);
  return out;
}

/// The same input fed one byte at a time.
std::string filter_bytewise(std::string_view input, FilterOptions options = {}) {
  OutputFilter f(options);
  std::string out;
  for (char c : input) f.feed(std::string_view(&c, 1), out);
  f.finish(out);
  return out;
}

struct Row {
  const char* claim;
  std::string input;
  std::string expected;
};

const std::vector<Row> kRows = {
    {"plain text stays plain", "hello, world\r\n\tok\a", "hello, world\r\n\tok\a"},
    {"UTF-8 text stays", "h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0.",
     "h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0."},
    {"SGR colours stay", "\x1b[1;38;5;196mred\x1b[0m", "\x1b[1;38;5;196mred\x1b[0m"},
    {"cursor movement and erase stay", "\x1b[H\x1b[2J\x1b[10;5H\x1b[K\x1b[3A",
     "\x1b[H\x1b[2J\x1b[10;5H\x1b[K\x1b[3A"},
    {"alternate screen and mouse modes stay", "\x1b[?1049h\x1b[?1000;1006h\x1b[?2004l",
     "\x1b[?1049h\x1b[?1000;1006h\x1b[?2004l"},
    {"charset and keypad escapes stay", "\x1b(B\x1b=\x1b>\x1b" "7\x1b" "8\x1bM",
     "\x1b(B\x1b=\x1b>\x1b" "7\x1b" "8\x1bM"},
    {"a title is kept", "\x1b]0;my title\a.", "\x1b]0;my title\a."},
    {"a title ended by ST is kept with ST", "\x1b]2;t\x1b\\.", "\x1b]2;t\x1b\\."},
    {"a hyperlink is kept", "\x1b]8;;http://x/\x1b\\a\x1b]8;;\x1b\\",
     "\x1b]8;;http://x/\x1b\\a\x1b]8;;\x1b\\"},
    {"OSC 52 is dropped", "a\x1b]52;c;cm0gLXJmIH4=\ab", "ab"},
    {"OSC 52 ended by ST is dropped", "a\x1b]52;c;cm0gLXJmIH4=\x1b\\b", "ab"},
    {"OSC 52 with a zero-padded number is dropped", "a\x1b]00052;c;cm0=\ab", "ab"},
    {"a zero-padded number cannot pass as a title", "a\x1b]0000052;c;cm0=\ab", "ab"},
    {"colour OSCs are dropped", "\x1b]11;?\a\x1b]4;1;#ff0000\a\x1b]10;rgb:0/0/0\x1b\\.", "."},
    {"iTerm2's file transfer is dropped", "\x1b]1337;File=name=eA==:aGk=\a.", "."},
    {"an OSC with no number is dropped", "\x1b]title\a\x1b];x\a.", "."},
    {"title reports are dropped", "\x1b[21t\x1b[20t\x1b[t.", "."},
    {"window moves and resizes are dropped", "\x1b[3;0;0t\x1b[8;1;1t\x1b[9;1t\x1b[30t.", "."},
    {"size reports and the title stack stay", "\x1b[18t\x1b[22;0t\x1b[23;0t",
     "\x1b[18t\x1b[22;0t\x1b[23;0t"},
    {"DCS is dropped whole", "a\x1bP$qm\x1b\\b", "ab"},
    {"XTGETTCAP is dropped", "a\x1bP+q544e\x1b\\b", "ab"},
    {"tmux passthrough of OSC 52 is dropped whole",
     "a\x1bPtmux;\x1b\x1b]52;c;cm0gLXJmIH4=\a\x1b\\b", "ab"},
    {"APC, PM and SOS are dropped", "a\x1b_Gf=100;AAAA\x1b\\b\x1b^pm\x1b\\c\x1bXsos\x1b\\d",
     "abcd"},
    {"tmux's ESC k rename is dropped", "a\x1bkevil\x1b\\b", "ab"},
    {"DECRQCRA and media copy are dropped", "\x1b[1;1;1;1;80;24*y\x1b[5i\x1b[4i.", "."},
    {"keyboard lock is dropped", "\x1b[2h\x1b[4;2h\x1b[4h", "\x1b[4h"},
    {"8-bit CSI becomes 7-bit", "\x9b" "1m", "\x1b[1m"},
    {"UTF-8-encoded CSI becomes 7-bit", "\xc2\x9b" "1m", "\x1b[1m"},
    {"8-bit OSC 52 is dropped", "a\x9d" "52;c;cm0=\x9c" "b", "ab"},
    {"UTF-8-encoded OSC 52 is dropped", "a\xc2\x9d" "52;c;cm0=\xc2\x9c" "b", "ab"},
    {"8-bit title report is dropped", "a\x9b" "21tb", "ab"},
    {"8-bit DCS is dropped", "a\x90$qm\x9c" "b", "ab"},
    {"continuation bytes of a character are not C1", "\xe2\x82\xac\xe2\x80\x9c",
     "\xe2\x82\xac\xe2\x80\x9c"},
    {"CAN abandons a sequence", "a\x1b[21\x18t", "at"},
    {"a C0 control in a CSI acts at once", "\x1b[1\n;2m", "\n\x1b[1;2m"},
    {"an ESC inside a CSI starts afresh", "\x1b[21\x1b[1m", "\x1b[1m"},
    {"an ESC inside a kept OSC ends it", "\x1b]0;t\x1b[1m", "\x1b]0;t\x1b\\\x1b[1m"},
    {"an ESC inside a dropped OSC ends it", "\x1b]52;c;x\x1b[1m", "\x1b[1m"},
    {"a marker after the start makes the CSI ignored", "\x1b[1?21t.", "."},
    {"an overlong CSI is dropped whole", "\x1b[" + std::string(1000, '1') + "m.", "."},
    {"an overlong OSC prefix is dropped", "\x1b]" + std::string(1000, '9') + ";x\a.", "."},
    {"a huge title streams through", "\x1b]2;" + std::string(5000, 't') + "\a",
     "\x1b]2;" + std::string(5000, 't') + "\a"},
    {"an unterminated DCS drops the rest", "a\x1bP" + std::string(5000, 'x'), "a"},
    {"a trailing C2 is text at the end", "a\xc2", "a\xc2"},
    {"a title cut off by the end is closed", "\x1b]2;ab\xc2", "\x1b]2;ab\xc2\x1b\\"},
};

TEST(OutputFilter, Table) {
  for (const Row& row : kRows) {
    EXPECT_EQ(filter(row.input), row.expected) << row.claim;
    EXPECT_EQ(filter_bytewise(row.input), row.expected) << row.claim << " (byte by byte)";
  }
}

TEST(OutputFilter, OutputFilteredAgainIsUnchanged) {
  for (const Row& row : kRows) EXPECT_EQ(filter(row.expected), row.expected) << row.claim;
}

TEST(OutputFilter, QueriesWithFixedAnswersStayByDefault) {
  const std::string queries = "\x1b[c\x1b[>c\x1b[6n\x1b[?2004$p\x1b[>q\x1b[?u\x1bZ";
  EXPECT_EQ(filter(queries), queries);
}

TEST(OutputFilter, QueriesAreDroppedWhenNobodyReadsTheAnswers) {
  const FilterOptions options{.drop_queries = true};
  EXPECT_EQ(filter("a\x1b[c\x1b[>c\x1b[6n\x1b[?2004$p\x1b[>q\x1b[?u\x1bZ\x1b[18tb", options),
            "ab");
  EXPECT_EQ(filter("\x1b[1;31mx\x1b[0m", options), "\x1b[1;31mx\x1b[0m");
}

TEST(OutputFilter, ClipboardWritesPassWhenAllowed) {
  const FilterOptions options{.allow_clipboard = true};
  EXPECT_EQ(filter("\x1b]52;c;cm0gLXJmIH4=\a", options), "\x1b]52;c;cm0gLXJmIH4=\a");
  EXPECT_EQ(filter_bytewise("\x1b]52;c;cm0=\x1b\\", options), "\x1b]52;c;cm0=\x1b\\");
  EXPECT_EQ(filter("\x1b]52;c;\a", options), "\x1b]52;c;\a");
}

TEST(OutputFilter, ClipboardReadsAreDroppedEvenWhenWritesAreAllowed) {
  const FilterOptions options{.allow_clipboard = true};
  EXPECT_EQ(filter("a\x1b]52;c;?\ab", options), "ab");
  EXPECT_EQ(filter("a\x1b]52;c;?cm0=\ab", options), "ab");
}

TEST(OutputFilter, AnAllowedClipboardWriteEndsAtItsFirstNonBase64Byte) {
  const FilterOptions options{.allow_clipboard = true};
  EXPECT_EQ(filter("\x1b]52;c;cm0=;junk\a.", options), "\x1b]52;c;cm0=\x1b\\.");
}

TEST(OutputFilter, PendingBytesStayBounded) {
  OutputFilter f;
  std::string out;
  f.feed("\x1b[" + std::string(10000, '1'), out);
  EXPECT_LE(f.pending_bytes(), OutputFilter::kMaxPending);
  f.feed("\x1b]" + std::string(10000, '0'), out);
  EXPECT_LE(f.pending_bytes(), OutputFilter::kMaxPending);
  f.feed("\x1b(" + std::string(10000, ' '), out);
  EXPECT_LE(f.pending_bytes(), OutputFilter::kMaxPending);
  EXPECT_EQ(out, "");
}

TEST(OutputFilter, FinishForgetsAnUnfinishedSequence) {
  OutputFilter f;
  std::string out;
  f.feed("a\x1b]52;c;cm0", out);
  f.finish(out);
  f.feed("=\a.", out);
  EXPECT_EQ(out, "a=\a.");
}

}  // namespace
}  // namespace sandmux::terminal

// A bounded tail of a jail server's output.
#include "sandbox/output_tail.h"

#include <gtest/gtest.h>

namespace sandmux::sandbox {
namespace {

TEST(OutputTail, KeepsOnlyTheNewestBytes) {
  OutputTail tail(8);
  tail.append("abcdef");
  tail.append("ghij");
  EXPECT_EQ(tail.text(), "cdefghij");
  tail.append("0123456789");
  EXPECT_EQ(tail.text(), "23456789");
}

TEST(OutputTail, LastLineSkipsTrailingNewlines) {
  OutputTail tail;
  tail.append("first\nsecond: error\n\n");
  EXPECT_EQ(tail.last_line(), "second: error");
}

TEST(OutputTail, LastLineEscapesWhatATerminalWouldObey) {
  OutputTail tail;
  tail.append("x\n\x1b]52;c;AAAA\x07 bad\xc3\xa9\n");
  EXPECT_EQ(tail.last_line(), "\\x1b]52;c;AAAA\\x07 bad\\xc3\\xa9");
}

TEST(OutputTail, NothingWrittenIsAnEmptyLine) { EXPECT_EQ(OutputTail().last_line(), ""); }

TEST(OutputTail, LastLineIsCutShort) {
  OutputTail tail;
  tail.append(std::string(1000, 'a'));
  EXPECT_EQ(tail.last_line().size(), 200u);
}

}  // namespace
}  // namespace sandmux::sandbox

// Utf8Assembler / PaneUtf8Assembler: characters split across %output lines.
#include "tmuxctl/utf8_assembler.h"

#include <gtest/gtest.h>

namespace sandmux::tmuxctl {
namespace {

using Invalid = Utf8Assembler::Invalid;

std::string push_all(Utf8Assembler& assembler, const std::vector<std::string_view>& chunks,
                     std::vector<std::string>* pieces = nullptr) {
  std::string out;
  for (const auto chunk : chunks) {
    std::string piece;
    assembler.push(chunk, piece);
    if (pieces) pieces->push_back(piece);
    out += piece;
  }
  assembler.flush(out);
  return out;
}

TEST(Utf8Assembler, SplitCharacterIsHeldUntilComplete) {
  Utf8Assembler assembler;
  std::vector<std::string> pieces;
  EXPECT_EQ(push_all(assembler, {"a\xe2", "\x82", "\xac" "b"}, &pieces), "a\xe2\x82\xac" "b");
  EXPECT_EQ(pieces, (std::vector<std::string>{"a", "", "\xe2\x82\xac" "b"}));
}

TEST(Utf8Assembler, EveryCutOfMultibyteTextReassembles) {
  const std::string text = "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80 end";
  for (std::size_t a = 0; a <= text.size(); ++a) {
    for (std::size_t b = a; b <= text.size(); ++b) {
      Utf8Assembler assembler;
      std::vector<std::string> pieces;
      const std::string_view v(text);
      EXPECT_EQ(push_all(assembler, {v.substr(0, a), v.substr(a, b - a), v.substr(b)}, &pieces), text);
      for (const auto& piece : pieces) {
        for (std::size_t i = 0; i < piece.size();) {
          const int length = utf8_sequence_length(reinterpret_cast<const unsigned char*>(piece.data() + i),
                                                  piece.size() - i);
          ASSERT_GT(length, 0) << "piece ends mid-character at cut " << a << "," << b;
          i += static_cast<std::size_t>(length);
        }
      }
    }
  }
}

TEST(Utf8Assembler, InvalidBytesPassThroughByDefault) {
  Utf8Assembler assembler;
  const std::string bad = "\xff\xc3(\xed\xa0\x80\xe2\x82";
  EXPECT_EQ(push_all(assembler, {bad}), bad);
}

TEST(Utf8Assembler, InvalidBytesBecomeReplacementCharacters) {
  Utf8Assembler assembler(Invalid::Replace);
  // 0xff; C3 cut by '('; surrogate ED A0 80 (3 subparts); truncated E2 82 at the end.
  EXPECT_EQ(push_all(assembler, {"\xff\xc3(\xed\xa0\x80 \xe2\x82"}),
            "\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd");
}

TEST(Utf8Assembler, CarryBrokenByNextChunkIsFlushedAsInvalid) {
  Utf8Assembler assembler;
  EXPECT_EQ(push_all(assembler, {"\xe2\x82", "A"}), "\xe2\x82" "A");
  Utf8Assembler replace(Invalid::Replace);
  EXPECT_EQ(push_all(replace, {"\xe2\x82", "A\xc3", "\xa9"}), "\xef\xbf\xbd" "A\xc3\xa9");
}

TEST(Utf8Assembler, PendingNeverExceedsThreeBytes) {
  Utf8Assembler assembler;
  std::string out;
  assembler.push("\xf0\x9f\x98", out);
  EXPECT_EQ(assembler.pending(), 3u);
  assembler.push("\x80", out);
  EXPECT_EQ(assembler.pending(), 0u);
  EXPECT_EQ(out, "\xf0\x9f\x98\x80");
}

TEST(PaneUtf8Assembler, PanesDoNotMix) {
  PaneUtf8Assembler panes;
  std::string one;
  std::string two;
  panes.push(1, "\xc3", one);
  panes.push(2, "x\xe2\x82", two);
  panes.push(1, "\xa9", one);
  panes.push(2, "\xac", two);
  EXPECT_EQ(one, "\xc3\xa9");
  EXPECT_EQ(two, "x\xe2\x82\xac");
}

}  // namespace
}  // namespace sandmux::tmuxctl

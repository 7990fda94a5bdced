// ControlParser: framing, guards, notifications and chunking independence.
#include "tmuxctl/control_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sandmux::tmuxctl {
namespace {

std::vector<std::string> parse_chunks(const std::vector<std::string_view>& chunks,
                                      std::size_t max_line = ControlParser::kDefaultMaxLine) {
  ControlParser parser(max_line);
  std::vector<std::string> events;
  for (const auto chunk : chunks) {
    parser.feed_with(chunk, [&](const Event& event) { events.push_back(describe(event)); });
  }
  return events;
}

std::vector<std::string> parse(std::string_view input) { return parse_chunks({input}); }

// A transcript in the shape tmux 3.3a produces, with the tricky parts: a startup flag-0
// block, an injected fake %end inside a block, %pause inside a block, octal output,
// multibyte output split mid-character, notifications, a stray hook line and %exit.
constexpr std::string_view kTranscript =
    "%begin 1795259078 260 0\n%end 1795259078 260 0\n"
    "%window-add @0\n%sessions-changed\n%session-changed $0 main\n"
    "%begin 1795259078 274 1\nl1\n%end 1795259078 274 0\n%end 1 274 1\n%error 1795259078 274 1x\n"
    "%end 1795259078 274 1\n"
    "%output %0 \\033[?2004hroot@vm:/tmp# \\015\\012\n"
    "%output %1 \\000\\134\x7f\xff\xc3\n%output %1 \xa9 ok\n"
    "%begin 1795259078 276 1\n%pause %0\n%end 1795259078 276 1\n"
    "%begin 1795259078 279 1\nparse error: unknown command: bogus\n%error 1795259078 279 1\n"
    "%layout-change @0 b25d,80x24,0,0,0 b25d,80x24,0,0,0 *\n"
    "%window-renamed @1 name with spaces\n%unlinked-window-close @1\n"
    "%extended-output %2 15 : tail\\012\n"
    "%subscription-changed sub $0 @1 0 %2 : value : x\n"
    "hook\n%message hello\n%window-add garbage\n"
    "%client-session-changed /dev/pts/3 $1 other\n%exit server exited\n";

TEST(ControlParser, TranscriptGivesTypedEvents) {
  const std::vector<std::string> expected{
      "reply-begin guard=1795259078,260,0 text=%begin 1795259078 260 0",
      "reply-end guard=1795259078,260,0 text=%end 1795259078 260 0",
      "window-add window=0",
      "sessions-changed",
      "session-changed session=0 text=main",
      "reply-begin guard=1795259078,274,1 text=%begin 1795259078 274 1",
      "reply-line guard=1795259078,274,1 text=l1",
      "reply-line guard=1795259078,274,1 text=%end 1795259078 274 0",
      "reply-line guard=1795259078,274,1 text=%end 1 274 1",
      "reply-line guard=1795259078,274,1 text=%error 1795259078 274 1x",
      "reply-end guard=1795259078,274,1 text=%end 1795259078 274 1",
      "output pane=0 data=\\x1b[?2004hroot@vm:/tmp# \\x0d\\x0a",
      "output pane=1 data=\\x00\\x5c\\x7f\\xff\\xc3",
      "output pane=1 data=\\xa9 ok",
      "reply-begin guard=1795259078,276,1 text=%begin 1795259078 276 1",
      "pause in-block pane=0",
      "reply-end guard=1795259078,276,1 text=%end 1795259078 276 1",
      "reply-begin guard=1795259078,279,1 text=%begin 1795259078 279 1",
      "reply-line guard=1795259078,279,1 text=parse error: unknown command: bogus",
      "reply-end error guard=1795259078,279,1 text=%error 1795259078 279 1",
      "layout-change window=0 text=b25d,80x24,0,0,0 text2=b25d,80x24,0,0,0 text3=*",
      "window-renamed window=1 text=name with spaces",
      "unlinked-window-close window=1",
      "output pane=2 age=15 data=tail\\x0a",
      "subscription-changed pane=2 window=1 session=0 index=0 data=value : x text=sub",
      "stray-line text=hook",
      "unknown text=%message hello",
      "malformed text=%window-add garbage",
      "client-session-changed session=1 text=/dev/pts/3 text2=other",
      "exit text=server exited",
  };
  EXPECT_EQ(parse(kTranscript), expected);
}

TEST(ControlParser, SplittingAtEveryBytePositionGivesTheSameEvents) {
  const auto whole = parse(kTranscript);
  for (std::size_t cut = 0; cut <= kTranscript.size(); ++cut) {
    EXPECT_EQ(parse_chunks({kTranscript.substr(0, cut), kTranscript.substr(cut)}), whole) << cut;
  }
}

TEST(ControlParser, ByteAtATimeGivesTheSameEvents) {
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < kTranscript.size(); ++i) bytes.push_back(kTranscript.substr(i, 1));
  EXPECT_EQ(parse_chunks(bytes), parse(kTranscript));
}

TEST(ControlParser, EndMustMatchBegin) {
  const auto events = parse(
      "%begin 10 5 1\n%end 10 5 0\n%end 10 6 1\n%end 11 5 1\n%end 10 5 1 \n%end 10 05 1\n"
      "%begin 10 5 1\n%end 10 5 1\n");
  ASSERT_EQ(events.size(), 8u);
  for (std::size_t i = 1; i < 7; ++i) EXPECT_EQ(events[i].rfind("reply-line", 0), 0u) << events[i];
  EXPECT_EQ(events[7], "reply-end guard=10,5,1 text=%end 10 5 1");
}

TEST(ControlParser, ErrorEndsBlockWithErrorFlag) {
  const auto events = parse("%begin 1 2 1\nbad\n%error 1 2 1\n");
  EXPECT_EQ(events.back(), "reply-end error guard=1,2,1 text=%error 1 2 1");
}

TEST(ControlParser, NotificationsInsideBlockAreContent) {
  const auto events = parse("%begin 1 2 1\n%output %1 x\n%exit\n%window-add @1\n%end 1 2 1\n");
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[1], "reply-line guard=1,2,1 text=%output %1 x");
  EXPECT_EQ(events[2], "reply-line guard=1,2,1 text=%exit");
}

TEST(ControlParser, PauseAndContinueInsideBlockAreFlowEvents) {
  const auto events = parse("%begin 1 2 1\n%continue %4\n%pause %4 x\n%end 1 2 1\n");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[1], "continue in-block pane=4");
  EXPECT_EQ(events[2], "reply-line guard=1,2,1 text=%pause %4 x");
}

TEST(ControlParser, StrayEndOutsideBlockIsReported) {
  EXPECT_EQ(parse("%end 1 2 1\n"), std::vector<std::string>{"stray-guard guard=1,2,1 text=%end 1 2 1"});
  EXPECT_EQ(parse("%error 1 2 1\n").front(), "stray-guard error guard=1,2,1 text=%error 1 2 1");
}

TEST(ControlParser, MalformedGuardsAreReportedNotFatal) {
  const auto events = parse("%begin\n%begin 1 2\n%begin a b c\n%begin 1 2 3 4\n%window-add @1\n");
  ASSERT_EQ(events.size(), 5u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(events[i].rfind("malformed", 0), 0u);
  EXPECT_EQ(events[4], "window-add window=1");
}

TEST(ControlParser, OutputWithEmptyData) {
  EXPECT_EQ(parse("%output %1 \n%output %2\n"),
            (std::vector<std::string>{"output pane=1 data=", "output pane=2 data="}));
}

TEST(ControlParser, ExitWithoutReason) {
  EXPECT_EQ(parse("%exit\n"), std::vector<std::string>{"exit"});
}

TEST(ControlParser, SessionRenamedCarriesIdAndName) {
  EXPECT_EQ(parse("%session-renamed $3 a b\n"),
            std::vector<std::string>{"session-renamed session=3 text=a b"});
}

TEST(ControlParser, AllKnownNotificationsParse) {
  const auto events = parse(
      "%window-close @1\n%unlinked-window-add @2\n%unlinked-window-renamed @2 n\n"
      "%session-window-changed $1 @2\n%window-pane-changed @2 %5\n%pane-mode-changed %5\n"
      "%client-detached client-9\n%continue %5\n%subscription-changed s $1 - - - : v\n");
  const std::vector<std::string> expected{
      "window-close window=1", "unlinked-window-add window=2",
      "unlinked-window-renamed window=2 text=n", "session-window-changed window=2 session=1",
      "window-pane-changed pane=5 window=2", "pane-mode-changed pane=5",
      "client-detached text=client-9", "continue pane=5",
      "subscription-changed session=1 data=v text=s"};
  EXPECT_EQ(events, expected);
}

TEST(ControlParser, IdsMustBeNumbersWithTheRightSigil) {
  for (const char* line : {"%window-add 1\n", "%window-add @\n", "%window-add @1x\n",
                           "%window-add %1\n", "%pane-mode-changed %99999999999\n",
                           "%output 1 x\n", "%extended-output %1 x : y\n",
                           "%extended-output %1 5 y\n"}) {
    EXPECT_EQ(parse(line).front().rfind("malformed", 0), 0u) << line;
  }
}

TEST(ControlParser, OverlongLineIsDroppedAndReportedOnce) {
  const std::string input = "%window-add @1\n" + std::string(100, 'x') + "\n%window-add @2\n";
  const std::vector<std::string> expected{"window-add window=1", "line-too-long size=16",
                                          "window-add window=2"};
  EXPECT_EQ(parse_chunks({input}, 16), expected);
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    const std::string_view view(input);
    EXPECT_EQ(parse_chunks({view.substr(0, cut), view.substr(cut)}, 16), expected) << cut;
  }
}

TEST(ControlParser, OverlongLineWithoutNewlineKeepsMemoryBounded) {
  ControlParser parser(64);
  int reports = 0;
  const std::string chunk(1000, 'y');
  for (int i = 0; i < 100; ++i) {
    parser.feed_with(chunk, [&](const Event& event) { reports += event.kind == EventKind::LineTooLong; });
    EXPECT_LE(parser.pending_bytes(), 64u);
  }
  EXPECT_EQ(reports, 1);
  parser.feed_with("\n%exit\n", [&](const Event& event) { reports += event.kind == EventKind::Exit; });
  EXPECT_EQ(reports, 2);
}

TEST(ControlParser, OverlongLineInsideBlockKeepsTheBlockOpen) {
  const auto events = parse_chunks({"%begin 1 1 1\n" + std::string(40, 'z') + "\n%end 1 1 1\n"}, 16);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1], "line-too-long in-block size=16");
  EXPECT_EQ(events[2].rfind("reply-end", 0), 0u);
}

TEST(ControlParser, GarbageNeverCrashes) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
  garbage += "\n%begin 1 1 1\n\xff\xfe\n%end 1 1 1\n%output %1 \\\\9\\7777\\\n";
  EXPECT_NO_FATAL_FAILURE(parse(garbage));
}

TEST(ControlParser, ResetForgetsOpenBlock) {
  ControlParser parser;
  std::vector<std::string> events;
  auto sink = [&](const Event& event) { events.push_back(describe(event)); };
  parser.feed_with("%begin 1 1 1\npartial", sink);
  EXPECT_TRUE(parser.in_block());
  parser.reset();
  EXPECT_FALSE(parser.in_block());
  EXPECT_EQ(parser.pending_bytes(), 0u);
  parser.feed_with("%exit\n", sink);
  EXPECT_EQ(events.back(), "exit");
}

}  // namespace
}  // namespace sandmux::tmuxctl

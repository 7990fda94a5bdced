// ReplyRouter: FIFO pairing of flag-1 blocks, unsolicited flag-0 blocks, failures.
#include "tmuxctl/reply_router.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tmuxctl/control_parser.h"

namespace sandmux::tmuxctl {
namespace {

struct Harness {
  ControlParser parser;
  std::vector<UnsolicitedBlock> unsolicited;
  std::vector<std::string> others;
  ReplyRouter router{[this](UnsolicitedBlock&& block) { unsolicited.push_back(std::move(block)); }};

  void feed(std::string_view bytes) {
    parser.feed_with(bytes, [&](const Event& event) {
      if (!router.on_event(event)) others.push_back(describe(event));
    });
  }
};

TEST(ReplyRouter, PairsFlagOneBlocksInOrder) {
  Harness h;
  std::vector<Reply> replies;
  h.router.expect(1, [&](Reply&& r) { replies.push_back(std::move(r)); });
  h.router.expect(1, [&](Reply&& r) { replies.push_back(std::move(r)); });
  h.feed("%begin 1 10 1\na\n%end 1 10 1\n%begin 1 12 1\nb\nc\n%end 1 12 1\n");
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].lines, std::vector<std::string>{"a"});
  EXPECT_EQ(replies[1].lines, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(replies[1].guards.front().number, 12u);
  EXPECT_TRUE(replies[1].ok());
}

TEST(ReplyRouter, FlagZeroBlocksAreUnsolicitedEvenWhileACommandWaits) {
  Harness h;
  std::vector<Reply> replies;
  h.router.expect(1, [&](Reply&& r) { replies.push_back(std::move(r)); });
  h.feed("%begin 1 5 0\nhook\n%end 1 5 0\n%output %1 x\n%begin 1 6 1\nmine\n%end 1 6 1\n");
  ASSERT_EQ(h.unsolicited.size(), 1u);
  EXPECT_EQ(h.unsolicited[0].lines, std::vector<std::string>{"hook"});
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].lines, std::vector<std::string>{"mine"});
  EXPECT_EQ(h.others, std::vector<std::string>{"output pane=1 data=x"});
}

TEST(ReplyRouter, SequenceCollectsAllItsBlocks) {
  Harness h;
  std::vector<Reply> replies;
  h.router.expect(2, [&](Reply&& r) { replies.push_back(std::move(r)); });
  h.feed("%begin 1 1 1\na\n%end 1 1 1\n");
  EXPECT_TRUE(replies.empty());
  h.feed("%begin 1 2 1\nb\n%end 1 2 1\n");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].lines, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(replies[0].guards.size(), 2u);
}

TEST(ReplyRouter, ErrorEndsASequenceBecauseTmuxDropsTheRest) {
  Harness h;
  std::vector<Reply> replies;
  h.router.expect(3, [&](Reply&& r) { replies.push_back(std::move(r)); });
  h.router.expect(1, [&](Reply&& r) { replies.push_back(std::move(r)); });
  h.feed("%begin 1 1 1\ny\n%end 1 1 1\n%begin 1 2 1\ncan't find window: @98\n%error 1 2 1\n"
         "%begin 1 3 1\nnext\n%end 1 3 1\n");
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].status, Reply::Status::CommandFailed);
  EXPECT_EQ(replies[0].error, "can't find window: @98");
  EXPECT_EQ(replies[1].lines, std::vector<std::string>{"next"});
}

TEST(ReplyRouter, FlagOneBlockWithNobodyWaitingIsUnsolicited) {
  Harness h;
  h.feed("%begin 1 1 1\nx\n%end 1 1 1\n");
  ASSERT_EQ(h.unsolicited.size(), 1u);
  EXPECT_EQ(h.unsolicited[0].guard.flags, 1u);
}

TEST(ReplyRouter, FailAllCompletesEveryWaitingCommandOnce) {
  Harness h;
  std::vector<Reply> replies;
  for (int i = 0; i < 3; ++i) h.router.expect(1, [&](Reply&& r) { replies.push_back(std::move(r)); });
  h.feed("%begin 1 1 1\npartial\n");
  h.router.fail_all(Reply::Status::ConnectionLost, "tmux connection lost: x");
  ASSERT_EQ(replies.size(), 3u);
  for (const auto& reply : replies) {
    EXPECT_EQ(reply.status, Reply::Status::ConnectionLost);
    EXPECT_EQ(reply.error, "tmux connection lost: x");
  }
  EXPECT_EQ(h.router.waiting(), 0u);
}

TEST(ReplyRouter, HandlerMayQueueAnotherCommand) {
  Harness h;
  std::vector<std::string> order;
  h.router.expect(1, [&](Reply&&) {
    order.push_back("first");
    h.router.expect(1, [&](Reply&&) { order.push_back("second"); });
  });
  h.feed("%begin 1 1 1\n%end 1 1 1\n%begin 1 2 1\n%end 1 2 1\n");
  EXPECT_EQ(order, (std::vector<std::string>{"first", "second"}));
}

TEST(ReplyRouter, OverlongLineMarksReplyTruncated) {
  ControlParser parser(16);
  ReplyRouter router;
  Reply got;
  router.expect(1, [&](Reply&& r) { got = std::move(r); });
  parser.feed_with("%begin 1 1 1\n0123456789abcdefXYZ\nok\n%end 1 1 1\n",
                   [&](const Event& event) { router.on_event(event); });
  EXPECT_TRUE(got.truncated);
  EXPECT_FALSE(got.ok());
  EXPECT_EQ(got.lines, std::vector<std::string>{"ok"});
}

}  // namespace
}  // namespace sandmux::tmuxctl

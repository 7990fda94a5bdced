// Connection against a real tmux: replies, sequences, hooks, failures, pipelining.
#include <string>
#include <vector>

#include "tests/integration/tmuxctl/tmux_fixture.h"

namespace sandmux::tmuxctl::testing {
namespace {

class ConnectionCommands : public TmuxTest {};

TEST_F(ConnectionCommands, DisplayRoundTrip) {
  auto c = connect({}, "no-output,ignore-size");
  const Reply reply = call(*c, "display-message -p 'hello #{session_name}'");
  EXPECT_TRUE(reply.ok()) << reply.error;
  EXPECT_EQ(reply.lines, std::vector<std::string>{"hello main"});
  ASSERT_EQ(reply.guards.size(), 1u);
  EXPECT_EQ(reply.guards[0].flags, 1u);
}

TEST_F(ConnectionCommands, StartupBlockIsUnsolicitedWithFlagZero) {
  std::vector<UnsolicitedBlock> blocks;
  auto c = connect({.on_unsolicited = [&](UnsolicitedBlock&& b) { blocks.push_back(std::move(b)); }},
                   "no-output");
  call(*c, "display-message -p x");
  ASSERT_FALSE(blocks.empty());
  EXPECT_EQ(blocks[0].guard.flags, 0u);
}

TEST_F(ConnectionCommands, SequenceGetsOneReplyWithAllBlocks) {
  auto c = connect({}, "no-output");
  const Reply reply = call(*c, "display -p a ; display -p b");
  EXPECT_TRUE(reply.ok());
  EXPECT_EQ(reply.lines, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(reply.guards.size(), 2u);
  const Reply after = call(*c, "display -p c");
  EXPECT_EQ(after.lines, std::vector<std::string>{"c"});
}

TEST_F(ConnectionCommands, FailureInSequenceCompletesItAndPairingStaysRight) {
  auto c = connect({}, "no-output");
  const Reply failed = call(*c, "display -p y ; kill-window -t @98 ; display -p z");
  EXPECT_EQ(failed.status, Reply::Status::CommandFailed);
  EXPECT_EQ(failed.error, "can't find window: @98");
  EXPECT_EQ(failed.lines, (std::vector<std::string>{"y", "can't find window: @98"}));
  EXPECT_EQ(call(*c, "display -p next").lines, std::vector<std::string>{"next"});
}

TEST_F(ConnectionCommands, HookOutputArrivesAsFlagZeroBlockAndDoesNotStealReplies) {
  std::vector<UnsolicitedBlock> blocks;
  auto c = connect({.on_unsolicited = [&](UnsolicitedBlock&& b) { blocks.push_back(std::move(b)); }},
                   "no-output");
  EXPECT_TRUE(call(*c, "set-hook -g after-new-window 'display -p hooked'").ok());
  std::vector<Reply> replies;
  for (const char* line : {"new-window -d 'sleep 100000'", "display -p one", "display -p two"}) {
    c->send(*CommandLine::parse(line).value, [&](Reply&& r) { replies.push_back(std::move(r)); });
  }
  ASSERT_TRUE(run_until([&] { return replies.size() == 3; }));
  EXPECT_EQ(replies[1].lines, std::vector<std::string>{"one"});
  EXPECT_EQ(replies[2].lines, std::vector<std::string>{"two"});
  ASSERT_TRUE(run_until([&] {
    for (const auto& b : blocks) {
      if (b.guard.flags == 0 && b.lines == std::vector<std::string>{"hooked"}) return true;
    }
    return false;
  }));
}

TEST_F(ConnectionCommands, PipelinedCommandsAllPairInOrder) {
  auto c = connect({}, "no-output");
  std::vector<Reply> replies;
  constexpr int kCount = 500;
  for (int i = 0; i < kCount; ++i) {
    const auto line = Command("display-message").flag('p').arg("n" + std::to_string(i)).build();
    c->send(*line.value, [&](Reply&& r) { replies.push_back(std::move(r)); });
  }
  ASSERT_TRUE(run_until([&] { return replies.size() == kCount; }));
  for (int i = 0; i < kCount; ++i) {
    EXPECT_EQ(replies[static_cast<std::size_t>(i)].lines, std::vector<std::string>{"n" + std::to_string(i)});
  }
}

TEST_F(ConnectionCommands, QuotedTortureArgumentRoundTrips) {
  auto c = connect({}, "no-output");
  const std::string torture = "-x'; kill-server ; \"#{s}\" $HOME ~ {} \\ \xc3\xa9";
  // set-buffer stores it exactly (save-buffer writes the raw bytes; show-buffer would escape).
  ASSERT_TRUE(call(*c, *Command("set-buffer").option('b', "t").arg(torture).build().value).ok());
  const std::string file = ::testing::TempDir() + "/buffer-" + m_socket;
  ASSERT_TRUE(call(*c, *Command("save-buffer").option('b', "t").arg(file).build().value).ok());
  EXPECT_EQ(run_process({"cat", file}).out, torture);
  ::unlink(file.c_str());
  // A user option is not format-expanded when set, and display prints it unescaped.
  ASSERT_TRUE(call(*c, *Command("set-option").flag('g').arg("@t").arg(torture).build().value).ok());
  EXPECT_EQ(call(*c, "display -p '#{@t}'").lines, std::vector<std::string>{torture});
  // rename-window expands formats: format_text() keeps '#{s}' literal.
  const auto rename = Command("rename-window").option('t', "main:0").format_text(torture).build();
  ASSERT_TRUE(call(*c, *rename.value).ok());
  const Reply name = call(*c, "display -p -t main:0 '#{window_name}'");
  ASSERT_EQ(name.lines.size(), 1u);
  EXPECT_NE(name.lines[0].find("\"#{s}\""), std::string::npos) << name.lines[0];
  EXPECT_EQ(name.lines[0].substr(0, 17), "-x'; kill-server ");
}

TEST_F(ConnectionCommands, SendTextArrivesByteForByte) {
  auto c = connect({}, "no-output");
  const Reply window = call(*c, "new-window -d -P -F '#{pane_id}' 'cat > /dev/null'");
  ASSERT_TRUE(window.ok());
  const std::uint32_t pane = static_cast<std::uint32_t>(std::stoul(window.lines.at(0).substr(1)));
  const auto keys = send_text(pane, "echo 'a;b' \"#{x}\" $HOME");
  ASSERT_TRUE(keys) << keys.error;
  EXPECT_TRUE(call(*c, *keys.value).ok());
  const Reply screen = call(*c, "capture-pane -p -t " + pane_target(pane));
  ASSERT_FALSE(screen.lines.empty());
  EXPECT_EQ(screen.lines[0], "echo 'a;b' \"#{x}\" $HOME");
}

TEST_F(ConnectionCommands, SubmitReturnsAFuture) {
  auto c = connect({}, "no-output");
  auto future = c->submit(*CommandLine::parse("display -p fut").value);
  ASSERT_TRUE(run_until([&] { return future.wait_for(0s) == std::future_status::ready; }));
  EXPECT_EQ(future.get().lines, std::vector<std::string>{"fut"});
}

}  // namespace
}  // namespace sandmux::tmuxctl::testing

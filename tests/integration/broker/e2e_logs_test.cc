// `sandmux logs` end to end: the raw output kept by the broker, exact resumption with
// --since (the cursor comes from -v's "next cursor" line), a clear error for a cursor
// the ring no longer holds, and -f following a session until it ends.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/integration/broker/e2e_fixture.h"
#include "tests/support/pty_process.h"

namespace sandmux::testing {
namespace {

using LogsE2e = SandmuxE2e;

/// The N of the "sandmux: next cursor N" line in STDERR_TEXT, or -1.
long long next_cursor(const std::string& stderr_text) {
  static const std::string kPrefix = "sandmux: next cursor ";
  const std::size_t at = stderr_text.rfind(kPrefix);
  if (at == std::string::npos) return -1;
  return std::stoll(stderr_text.substr(at + kPrefix.size()));
}

TEST_F(LogsE2e, LogsPrintsTheRawOutput) {
  new_session({"-n", "out", "--", "sh", "-c", "printf 'one\\ntwo\\n'; exec sleep 600"});
  EXPECT_TRUE(eventually([&] { return sandmux({"logs", "out"}).out.find("two") != std::string::npos; }));
  const ProcessResult logs = sandmux({"logs", "out"});
  EXPECT_EQ(logs.status, 0) << logs.err;
  EXPECT_NE(logs.out.find("one\r\ntwo\r\n"), std::string::npos) << logs.out;
}

// Attack 4 of issue 11: what an agent wrote must not set the clipboard, nor answer a title
// report into the shell, when the user reads its logs in a terminal.
constexpr const char* kHostileOutput =
    "printf 'visible \\033]52;c;cm0gLXJmIH4=\\007\\033[21t\\033P$qm\\033\\\\\\033[1mbold "
    "\\033]0;TITLE\\007done\\n'; exec sleep 600";

TEST_F(LogsE2e, LogsToATerminalDropsClipboardWritesAndReports) {
  new_session({"-n", "evil", "--", "sh", "-c", kHostileOutput});
  ASSERT_TRUE(eventually([&] { return sandmux({"logs", "evil"}).out.find("done") != std::string::npos; }));
  PtyProcess logs({sandmux_binary(), "logs", "evil"}, m_env, m_project);
  ASSERT_EQ(logs.wait(), 0) << logs.output();
  EXPECT_NE(logs.output().find("visible \x1b[1mbold \x1b]0;TITLE\adone"), std::string::npos)
      << logs.output();
  EXPECT_EQ(logs.output().find("\x1b]52"), std::string::npos) << logs.output();
  EXPECT_EQ(logs.output().find("\x1b[21t"), std::string::npos) << logs.output();
  EXPECT_EQ(logs.output().find("\x1bP"), std::string::npos) << logs.output();
}

TEST_F(LogsE2e, LogsToAPipeOrWithRawAreExact) {
  new_session({"-n", "evil", "--", "sh", "-c", kHostileOutput});
  const std::string exact =
      "visible \x1b]52;c;cm0gLXJmIH4=\a\x1b[21t\x1bP$qm\x1b\\\x1b[1mbold \x1b]0;TITLE\adone";
  ASSERT_TRUE(eventually([&] { return sandmux({"logs", "evil"}).out.find("done") != std::string::npos; }));
  const ProcessResult piped = sandmux({"logs", "evil"});
  EXPECT_NE(piped.out.find(exact), std::string::npos) << piped.out;
  PtyProcess raw({sandmux_binary(), "logs", "--raw", "evil"}, m_env, m_project);
  ASSERT_EQ(raw.wait(), 0) << raw.output();
  EXPECT_NE(raw.output().find(exact), std::string::npos) << raw.output();
}

TEST_F(LogsE2e, AllowClipboardLetsClipboardWritesThroughToATerminal) {
  write_file(m_tmp / "config/sandmux/config.toml", "allow_clipboard = true\n");
  new_session({"-n", "evil", "--", "sh", "-c", kHostileOutput});
  ASSERT_TRUE(eventually([&] { return sandmux({"logs", "evil"}).out.find("done") != std::string::npos; }));
  PtyProcess logs({sandmux_binary(), "logs", "evil"}, m_env, m_project);
  ASSERT_EQ(logs.wait(), 0) << logs.output();
  EXPECT_NE(logs.output().find("visible \x1b]52;c;cm0gLXJmIH4=\a\x1b[1mbold"), std::string::npos)
      << logs.output();
  EXPECT_EQ(logs.output().find("\x1b[21t"), std::string::npos) << logs.output();
}

TEST_F(LogsE2e, SinceResumesExactlyAfterTheCursor) {
  new_session({"-n", "since", "--", "cat"});
  ASSERT_EQ(sandmux({"send", "since", "first"}).status, 0);
  ASSERT_EQ(sandmux({"wait", "since", "--match", "first\\r?\\n(.|\\n)*first", "--timeout", "30"}).status, 0);
  const ProcessResult before = sandmux({"-v", "logs", "since"});
  ASSERT_EQ(before.status, 0) << before.err;
  const long long cursor = next_cursor(before.err);
  ASSERT_EQ(cursor, static_cast<long long>(before.out.size())) << before.err;

  ASSERT_EQ(sandmux({"send", "since", "second"}).status, 0);
  std::string after;
  EXPECT_TRUE(eventually([&] {
    after = sandmux({"logs", "since", "--since", std::to_string(cursor)}).out;
    return after.find("second\r\nsecond") != std::string::npos;
  })) << after;
  EXPECT_EQ(after.find("first"), std::string::npos) << after;
  EXPECT_EQ(before.out + after, sandmux({"logs", "since"}).out);
}

TEST_F(LogsE2e, ACursorBeyondTheOutputIsAClearError) {
  new_session({"-n", "future", "--", "sleep", "600"});
  const ProcessResult result = sandmux({"logs", "future", "--since", "999999999"});
  EXPECT_EQ(result.status, 125);
  EXPECT_EQ(result.err.rfind("sandmux: logs: cursor 999999999 is beyond the output", 0), 0u)
      << result.err;
}

TEST_F(LogsE2e, AnExpiredCursorIsAClearError) {
  // 4 MB in 100 kB bursts, so that even a slow (sanitized) broker keeps up and tmux never
  // pauses the pane (a paused pane's output is dropped, and the 2 MiB ring must overflow).
  new_session({"-n", "flood", "--", "sh", "-c",
               "for i in $(seq 40); do yes 0123456789abcdef | head -c 100000; sleep 0.05; done; "
               "echo; echo flood-$((6*7)); exec sleep 600"});
  const ProcessResult marker = sandmux({"wait", "flood", "--match", "flood-42", "--timeout", "120"});
  ASSERT_EQ(marker.status, 0) << marker.err;
  const ProcessResult result = sandmux({"logs", "flood", "--since", "0"});
  EXPECT_EQ(result.status, 125);
  EXPECT_EQ(result.err.rfind("sandmux: cursor 0 has expired", 0), 0u) << result.err;
  EXPECT_TRUE(result.out.empty());
}

TEST_F(LogsE2e, FollowStreamsUntilTheSessionEnds) {
  new_session({"-n", "follow", "--", "sh", "-c",
               "echo ready; read line; echo \"got $line\"; exec sleep 600"});
  Background follower({sandmux_binary(), "logs", "follow", "-f"}, m_env, m_project);
  ASSERT_TRUE(follower.read_until("ready")) << follower.output();
  ASSERT_EQ(sandmux({"send", "follow", "hello"}).status, 0);
  EXPECT_TRUE(follower.read_until("got hello")) << follower.output();
  ASSERT_EQ(sandmux({"kill", "follow"}).status, 0);
  EXPECT_EQ(follower.wait(), 0);  // it ended with the session
}

}  // namespace
}  // namespace sandmux::testing

namespace sandmux::testing {
namespace {

// More output than one protocol line may carry (1 MiB): `logs` fetches it in pieces
// ("more": true) and puts them back together exactly, up to the cursor it reports.
TEST_F(LogsE2e, OutputLargerThanOneProtocolLineArrivesInPieces) {
  new_session({"-n", "big", "--", "sh", "-c",
               "head -c 1500000 /dev/zero | tr '\\000' x; echo; echo END; exec sleep 600"});
  ProcessResult logs;
  ASSERT_TRUE(eventually([&] {
    logs = sandmux({"-v", "logs", "big"});
    return logs.out.find("END") != std::string::npos;
  }));
  ASSERT_EQ(logs.status, 0) << logs.err;
  EXPECT_GT(logs.out.size(), std::size_t{1} << 20);
  EXPECT_EQ(next_cursor(logs.err), static_cast<long long>(logs.out.size()));
}

}  // namespace
}  // namespace sandmux::testing

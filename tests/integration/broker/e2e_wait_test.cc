// `sandmux wait --match` end to end, as a user types it: a marker printed after a flood of
// megabytes is found (the broker's matching keeps up), a pattern that never matches ends
// with the timeout's exit code, and a pattern RE2 refuses is a usage error before the
// broker is involved. Real broker (started on demand), real jails, real tmux.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "tests/integration/broker/e2e_fixture.h"

namespace sandmux::testing {
namespace {

using WaitE2e = SandmuxE2e;

TEST_F(WaitE2e, FindsAMarkerPrintedAfterAFourMegabyteFlood) {
  // 4 MB in 100 kB bursts (as in LogsE2e.AnExpiredCursorIsAClearError), so that tmux
  // never pauses the pane and every byte reaches the broker's matcher. The marker's text
  // appears nowhere before it is printed: the command computes it.
  new_session({"-n", "flood", "--", "sh", "-c",
               "read go; for i in $(seq 40); do yes 0123456789abcdef | head -c 100000; "
               "sleep 0.05; done; echo; echo flood-$((6*7)); exec sleep 600"});
  Background wait(
      {sandmux_binary(), "wait", "flood", "--match", "flood-[0-9]+", "--timeout", "120"}, m_env,
      m_project);
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(sandmux({"send", "flood", "go"}).status, 0);
  EXPECT_EQ(wait.wait(), 0);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::printf("[ measure  ] wait --match over a 4 MB flood returned %.2f s after the flood began\n",
              took.count());
  RecordProperty("flood_wait_seconds", std::to_string(took.count()));
  EXPECT_TRUE(screen_has("flood", "flood-42"));
}

TEST_F(WaitE2e, APatternThatNeverMatchesTimesOutWith124) {
  new_session({"-n", "quiet", "--", "sh", "-c", "echo hello; exec sleep 600"});
  ASSERT_TRUE(screen_has("quiet", "hello"));
  const ProcessResult result =
      sandmux({"wait", "quiet", "--match", "never (printed|shown)", "--timeout", "2"});
  EXPECT_EQ(result.status, 124) << result.err;
  EXPECT_NE(result.err.find("timed out"), std::string::npos) << result.err;
}

TEST_F(WaitE2e, AnInvalidPatternIsAUsageErrorWithRe2sReason) {
  const ProcessResult unclosed = sandmux({"wait", "nobody", "--match", "(a"});
  EXPECT_EQ(unclosed.status, 2);
  EXPECT_EQ(unclosed.err, "sandmux: wait: --match: '(a' is not a valid regex: missing ): '(a'\n");
  const ProcessResult ecmascript_only = sandmux({"wait", "nobody", "--match", "a[^]*b"});
  EXPECT_EQ(ecmascript_only.status, 2);
  EXPECT_EQ(ecmascript_only.err,
            "sandmux: wait: --match: 'a[^]*b' is not a valid regex: missing ]: '[^]*b'\n");
}

}  // namespace
}  // namespace sandmux::testing

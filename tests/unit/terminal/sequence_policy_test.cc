#include "terminal/sequence_policy.h"

#include <gtest/gtest.h>

namespace sandmux::terminal {
namespace {

TEST(SequencePolicy, WindowOpsAreDroppedButTheirMarkedNamesakesAreNot) {
  EXPECT_EQ(classify_csi("21t"), Verdict::drop);
  EXPECT_EQ(classify_csi("t"), Verdict::drop);
  EXPECT_EQ(classify_csi("18t"), Verdict::query);
  EXPECT_EQ(classify_csi("22;2t"), Verdict::keep);
  EXPECT_EQ(classify_csi(">0;1t"), Verdict::keep);  // XTSMTITLE
  EXPECT_EQ(classify_csi("1$t"), Verdict::keep);    // DECCARA
}

TEST(SequencePolicy, QueriesAreToldApart) {
  EXPECT_EQ(classify_csi("c"), Verdict::query);
  EXPECT_EQ(classify_csi("6n"), Verdict::query);
  EXPECT_EQ(classify_csi(">1n"), Verdict::keep);
  EXPECT_EQ(classify_csi("?25$p"), Verdict::query);
  EXPECT_EQ(classify_csi("!p"), Verdict::keep);
  EXPECT_EQ(classify_csi("2 q"), Verdict::keep);  // cursor style
  EXPECT_EQ(classify_esc("Z"), Verdict::query);
  EXPECT_EQ(classify_esc("(B"), Verdict::keep);
}

TEST(SequencePolicy, OscIsAnAllowList) {
  EXPECT_EQ(classify_osc("0", false), OscVerdict::need_more);
  EXPECT_EQ(classify_osc("0;", false), OscVerdict::keep);
  EXPECT_EQ(classify_osc("8;", false), OscVerdict::keep);
  EXPECT_EQ(classify_osc("7;", false), OscVerdict::drop);
  EXPECT_EQ(classify_osc("52;c;", false), OscVerdict::need_more);
  EXPECT_EQ(classify_osc("52;c;Y", false), OscVerdict::clipboard);
  EXPECT_EQ(classify_osc("52;c;?", false), OscVerdict::drop);
  EXPECT_EQ(classify_osc("52;c;", true), OscVerdict::clipboard);
  EXPECT_EQ(classify_osc("52;z;Y", false), OscVerdict::drop);
  EXPECT_EQ(classify_osc("x", false), OscVerdict::drop);
  EXPECT_EQ(classify_osc("0", true), OscVerdict::drop);
}

}  // namespace
}  // namespace sandmux::terminal

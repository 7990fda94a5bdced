#include "broker/session_registry_paste.h"

#include <gtest/gtest.h>

namespace sandmux::broker {
namespace {

TEST(PasteMode, OffUntilTheApplicationEnablesIt) {
  PasteModeTracker t;
  EXPECT_FALSE(t.enabled());
  t.feed("prompt$ ");
  EXPECT_FALSE(t.enabled());
  t.feed("\x1b[?2004hprompt$ ");
  EXPECT_TRUE(t.enabled());
}

TEST(PasteMode, LastSequenceWins) {
  PasteModeTracker t;
  t.feed("\x1b[?2004h...\x1b[?2004l");
  EXPECT_FALSE(t.enabled());
  t.feed("\x1b[?2004l...\x1b[?2004h");
  EXPECT_TRUE(t.enabled());
}

TEST(PasteMode, SequenceCutBetweenChunksCounts) {
  PasteModeTracker t;
  t.feed("abc\x1b[?20");
  t.feed("04hdef");
  EXPECT_TRUE(t.enabled());
  t.feed("\x1b");
  t.feed("[");
  t.feed("?2004");
  t.feed("l");
  EXPECT_FALSE(t.enabled());
}

}  // namespace
}  // namespace sandmux::broker

// The incremental `wait --match` search: matches split across appends are found at every
// split, the lookback window bounds what is remembered, anchors keep their meaning on a
// stream, and megabytes of output are searched correctly whatever the chunking.
#include "broker/output_matcher.h"

#include <gtest/gtest.h>

#include <string>

#include "broker/wait_pattern.h"

namespace sandmux::broker {
namespace {

OutputMatcher matcher_for(std::string_view pattern) {
  CompiledPattern compiled = compile_match_pattern(pattern);
  EXPECT_NE(compiled.regex, nullptr) << compiled.error;
  return OutputMatcher(std::move(compiled.regex));
}

/// Appends TEXT in pieces of CHUNK bytes, searching after each piece; the first match.
std::optional<std::string> feed_searching(OutputMatcher& matcher, std::string_view text,
                                          std::size_t chunk) {
  for (std::size_t at = 0; at < text.size(); at += chunk) {
    matcher.append(text.substr(at, chunk));
    if (auto matched = matcher.search()) return matched;
  }
  return matcher.search();
}

std::string filler(std::size_t size) {
  std::string text;
  while (text.size() < size) text += "abcdefghijklmnop\n";
  text.resize(size);
  return text;
}

TEST(OutputMatcher, FindsTheMatchedTextInOneChunk) {
  OutputMatcher matcher = matcher_for("DONE [0-9]+");
  matcher.append("building...\nDONE 42\n$ ");
  EXPECT_EQ(matcher.search(), "DONE 42");
}

TEST(OutputMatcher, NothingMatchesBeforeTheMarkerArrives) {
  OutputMatcher matcher = matcher_for("MARKER");
  EXPECT_EQ(matcher.search(), std::nullopt);
  matcher.append("no marker here\n");
  EXPECT_EQ(matcher.search(), std::nullopt);
  EXPECT_EQ(matcher.search(), std::nullopt);
}

TEST(OutputMatcher, AnEmptyTextIsSearchedOnce) {
  OutputMatcher matcher = matcher_for("x*");
  EXPECT_EQ(matcher.search(), "");
}

TEST(OutputMatcher, AMatchSplitAcrossTwoAppendsIsFoundAtEveryOffset) {
  const std::string marker = "MARKER-42";
  const std::string text = filler(100) + marker + filler(100);
  const std::size_t marker_end = 100 + marker.size();
  for (std::size_t split = 0; split <= text.size(); ++split) {
    OutputMatcher matcher = matcher_for("MARKER-42");
    matcher.append(text.substr(0, split));
    const std::optional<std::string> early = matcher.search();
    if (split >= marker_end) {
      EXPECT_EQ(early, marker) << split;
      continue;
    }
    EXPECT_EQ(early, std::nullopt) << split;
    matcher.append(text.substr(split));
    EXPECT_EQ(matcher.search(), marker) << split;
  }
}

TEST(OutputMatcher, AMatchSplitAcrossThreeAppendsIsFound) {
  const std::string text = "xx START middle END yy";
  for (std::size_t first = 0; first < text.size(); ++first) {
    for (std::size_t second = first; second < text.size(); ++second) {
      OutputMatcher matcher = matcher_for("START.*END");
      matcher.append(text.substr(0, first));
      (void)matcher.search();
      matcher.append(text.substr(first, second - first));
      (void)matcher.search();
      matcher.append(text.substr(second));
      EXPECT_EQ(matcher.search(), "START middle END") << first << " " << second;
    }
  }
}

TEST(OutputMatcher, OneByteAppendsFindTheMatchWhenItsLastByteArrives) {
  const std::string text = filler(3000) + "ready> ";
  OutputMatcher matcher = matcher_for("ready> ");
  for (std::size_t i = 0; i < text.size(); ++i) {
    matcher.append(text.substr(i, 1));
    const std::optional<std::string> matched = matcher.search();
    EXPECT_EQ(matched.has_value(), i + 1 == text.size()) << i;
  }
  EXPECT_EQ(matcher.search(), "ready> ");
}

TEST(OutputMatcher, AMatchWithinTheWindowSpanningManySearchesIsFound) {
  OutputMatcher matcher = matcher_for("BEGIN(?s:.*)END");
  const std::string text = "BEGIN" + filler(kMatchWindow - 100) + "END";
  EXPECT_EQ(feed_searching(matcher, text, 1000), text);
}

TEST(OutputMatcher, AMatchLongerThanTheWindowIsNotFoundAcrossSearches) {
  OutputMatcher matcher = matcher_for("BEGIN(?s:.*)END");
  const std::string text = "BEGIN" + filler(kMatchWindow + 1000) + "END";
  EXPECT_EQ(feed_searching(matcher, text, 1000), std::nullopt);
}

TEST(OutputMatcher, AMatchLongerThanTheWindowIsFoundWithinOneBurst) {
  OutputMatcher matcher = matcher_for("BEGIN(?s:.*)END");
  const std::string text = "BEGIN" + filler(kMatchWindow + 1000) + "END";
  for (std::size_t at = 0; at < text.size(); at += 1000) matcher.append(text.substr(at, 1000));
  EXPECT_EQ(matcher.search(), text) << "every byte appended since the last search is covered";
}

TEST(OutputMatcher, AMatchStartingJustInsideTheLookbackIsFound) {
  OutputMatcher matcher = matcher_for("BEGIN(?s:.*)END");
  matcher.append("BEGIN" + filler(kMatchWindow - 5));  // BEGIN is the window's first byte
  EXPECT_EQ(matcher.search(), std::nullopt);
  matcher.append(filler(5000) + "END");
  ASSERT_TRUE(matcher.search().has_value());
}

TEST(OutputMatcher, AMatchStartingJustOutsideTheLookbackIsNotFound) {
  OutputMatcher matcher = matcher_for("BEGIN(?s:.*)END");
  matcher.append("BEGIN" + filler(kMatchWindow - 4));  // BEGIN starts 1 byte too early
  EXPECT_EQ(matcher.search(), std::nullopt);
  matcher.append("END");
  EXPECT_EQ(matcher.search(), std::nullopt);
}

TEST(OutputMatcher, DollarIsTheEndOfTheOutputAtTheSearch) {
  OutputMatcher waiting = matcher_for("\\$ $");
  waiting.append("make\nok\n$ ");
  EXPECT_EQ(waiting.search(), "$ ");

  OutputMatcher moved_on = matcher_for("\\$ $");
  moved_on.append("$ ");
  moved_on.append("ls\n");  // same burst: the prompt is no longer at the end
  EXPECT_EQ(moved_on.search(), std::nullopt);
}

TEST(OutputMatcher, DollarNeverMatchesWhereALargeBurstWasCutForSearching) {
  // append() searches by itself once kMaxUnsearched bytes wait: the prompt ends at that
  // cut, or one byte before it (where that search stops).
  for (const std::size_t before_cut : {2, 3}) {
    for (const char* pattern : {"\\$ $", "never|\\$ $", "\\$ \\z", "(?m)\\$ $"}) {
      OutputMatcher matcher = matcher_for(pattern);
      matcher.append(std::string(kMaxUnsearched - before_cut, 'x') + "$ " + "more output");
      EXPECT_EQ(matcher.search(), std::nullopt) << pattern << " " << before_cut;
    }
  }
}

TEST(OutputMatcher, CaretMatchesOnlyWhereTheWaitBegan) {
  OutputMatcher at_start = matcher_for("^start");
  at_start.append("start here");
  EXPECT_EQ(at_start.search(), "start");

  OutputMatcher later = matcher_for("^start");
  later.append("x\nstart here");
  EXPECT_EQ(later.search(), std::nullopt);
}

TEST(OutputMatcher, TheWindowStartIsNotTheStartOfTextOrOfALine) {
  for (const char* pattern : {"^a+b", "(?m)^a+b", "\\ba+b"}) {
    OutputMatcher matcher = matcher_for(pattern);
    matcher.append("x" + std::string(kMatchWindow, 'a'));  // 'x' falls out of the window
    EXPECT_EQ(matcher.search(), std::nullopt) << pattern;
    matcher.append("b");
    EXPECT_EQ(matcher.search(), std::nullopt) << pattern << ": the 'x' before is context";
  }
  OutputMatcher line = matcher_for("(?m)^a+b");
  line.append("\n" + std::string(kMatchWindow, 'a'));
  EXPECT_EQ(line.search(), std::nullopt);
  line.append("b");
  EXPECT_EQ(line.search(), std::string(kMatchWindow, 'a') + "b");
}

TEST(OutputMatcher, AMatchMayNotSpanAGap) {
  OutputMatcher matcher = matcher_for("abcd");
  matcher.append("ab");
  matcher.skip_gap();
  matcher.append("cd");
  EXPECT_EQ(matcher.search(), std::nullopt);

  OutputMatcher line = matcher_for("(?m)^cd");
  line.append("ab");
  line.skip_gap();
  line.append("cd");
  EXPECT_EQ(line.search(), "cd") << "the bytes after a gap start a line";
}

TEST(OutputMatcher, AMatchBeforeAGapIsKept) {
  OutputMatcher matcher = matcher_for("ab$");
  matcher.append("ab");
  matcher.skip_gap();
  matcher.append("cd");
  EXPECT_EQ(matcher.search(), "ab");
}

TEST(OutputMatcher, TheFirstMatchStaysTheAnswer) {
  OutputMatcher matcher = matcher_for("step [0-9]");
  matcher.append("step 1\n");
  EXPECT_EQ(matcher.search(), "step 1");
  matcher.append("step 2\n");
  EXPECT_EQ(matcher.search(), "step 1");
}

TEST(OutputMatcher, FourMegabytesInSmallChunksThenAMarker) {
  OutputMatcher matcher = matcher_for("flood-42");
  const std::string text = filler(4 << 20) + "flood-42\n";
  EXPECT_EQ(feed_searching(matcher, text, 4096), "flood-42");
}

TEST(OutputMatcher, FourMegabytesInOneAppendWithTheMarkerInTheMiddle) {
  OutputMatcher matcher = matcher_for("flood-42");
  const std::string text = filler(2 << 20) + "flood-42\n" + filler(2 << 20);
  matcher.append(text);
  EXPECT_EQ(matcher.search(), "flood-42") << "append() searched the burst in pieces";
}

TEST(OutputMatcher, AMarkerStraddlingEveryPieceBoundaryOfALargeAppendIsFound) {
  const std::string marker = "flood-42";
  for (std::size_t offset = 0; offset <= marker.size(); ++offset) {
    OutputMatcher matcher = matcher_for("flood-42");
    matcher.append(filler(kMaxUnsearched - offset) + marker + filler(1000));
    EXPECT_EQ(matcher.search(), marker) << offset;
  }
}

TEST(OutputMatcher, AGreedyMatchEndsWhereTheOutputSoFarEnds) {
  OutputMatcher matcher = matcher_for("flood-[0-9]+");
  matcher.append("flood-4");
  EXPECT_EQ(matcher.search(), "flood-4") << "the rest of the number had not arrived yet";
}

TEST(OutputMatcher, FourMegabytesWithoutAMatchFindNothing) {
  OutputMatcher matcher = matcher_for("flood-42");
  EXPECT_EQ(feed_searching(matcher, filler(4 << 20), 65536), std::nullopt);
}

TEST(FirstMatch, SearchesTheWholeScreen) {
  const CompiledPattern prompt = compile_match_pattern("\\$ $");
  ASSERT_NE(prompt.regex, nullptr);
  EXPECT_EQ(first_match(*prompt.regex, "old\n$ "), "$ ");
  EXPECT_EQ(first_match(*prompt.regex, "$ \nnew"), std::nullopt);
  const CompiledPattern line = compile_match_pattern("(?m)^ok$");
  ASSERT_NE(line.regex, nullptr);
  EXPECT_EQ(first_match(*line.regex, "make\nok\n$ \n"), "ok");
}

}  // namespace
}  // namespace sandmux::broker

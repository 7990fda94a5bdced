// Edit distance and the "did you mean" suggestions built on it.
#include "config/did_you_mean.h"

#include <gtest/gtest.h>

#include <array>

namespace sandmux::config {
namespace {

constexpr std::array<std::string_view, 4> kKeys = {"ro", "rw", "tmpfs", "create"};

TEST(EditDistance, CountsInsertionsDeletionsSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("rww", "rw"), 1u);
}

TEST(EditDistance, TranspositionCostsOne) {
  EXPECT_EQ(edit_distance("mdoe", "mode"), 1u);
  EXPECT_EQ(edit_distance("filesytsem", "filesystem"), 1u);
}

TEST(EditDistance, IgnoresCase) { EXPECT_EQ(edit_distance("TMPFS", "tmpfs"), 0u); }

TEST(ClosestMatch, SuggestsTheNearestKey) {
  EXPECT_EQ(closest_match("rww", kKeys), "rw");
  EXPECT_EQ(closest_match("tmpf", kKeys), "tmpfs");
  EXPECT_EQ(closest_match("craete", kKeys), "create");
}

TEST(ClosestMatch, TiesGoToTheEarliestCandidate) { EXPECT_EQ(closest_match("rx", kKeys), "ro"); }

TEST(ClosestMatch, FarWordsGetNoSuggestion) {
  EXPECT_EQ(closest_match("bind", kKeys), std::nullopt);
  EXPECT_EQ(closest_match("x", kKeys), std::nullopt);
  EXPECT_EQ(closest_match(std::string(1000, 'r'), kKeys), std::nullopt);
}

TEST(ClosestMatch, LongerKeysTolerateTwoTypos) {
  constexpr std::array<std::string_view, 1> kLong = {"filesystem"};
  EXPECT_EQ(closest_match("filesytem", kLong), "filesystem");
  EXPECT_EQ(closest_match("filsytem", kLong), "filesystem");
  EXPECT_EQ(closest_match("fsystem", kLong), std::nullopt);
}

TEST(DidYouMean, FormatsTheSuggestion) {
  EXPECT_EQ(did_you_mean("rww", kKeys), " (did you mean 'rw'?)");
  EXPECT_EQ(did_you_mean("zzzz", kKeys), "");
}

}  // namespace
}  // namespace sandmux::config

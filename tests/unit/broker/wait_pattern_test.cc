// `wait --match` patterns: ordinary regexes pass, broken and explosive ones are refused
// with the whole message.
#include "broker/wait_pattern.h"

#include <gtest/gtest.h>

#include <vector>

namespace sandmux::broker {
namespace {

TEST(WaitPattern, OrdinaryPatternsPass) {
  for (const char* pattern :
       {"\\$ $", "^done [0-9]+$", "(error|warning): .*", "[]a]+", "\\d{4}-\\d{2}-\\d{2}", "a{2,}",
        "x{1,3}?", "(?:ab)+c", "\\{", "é", "build 20261121123456", "\\\\12345678901"}) {
    EXPECT_EQ(match_pattern_error(pattern), std::nullopt) << pattern;
  }
}

TEST(WaitPattern, RefusalsTable) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "the pattern is empty"},
      {"(a", "'(a' is not a valid regex: Mismatched '(' and ')' in regular expression"},
      {"a\n[",
       "'a\\x0a[' is not a valid regex: Unexpected character within '[...]' in regular "
       "expression"},
      {"(a{1000}){1000}",
       "'(a{1000}){1000}' is too complex (its repetition counts multiply to more than 10000)"},
      {"a{99999999999999999999}", "'a{99999999999999999999}' has a number of more than 9 digits"},
      {"a{1,3333333333333333333330}",
       "'a{1,3333333333333333333330}' has a number of more than 9 digits"},
      {"[0-9]{3333333333333333333333330,.}",
       "'[0-9]{3333333333333333333333330,.}' has a number of more than 9 digits"},
      {"(a)\\12345678901234567890",
       "'(a)\\\\12345678901234567890' has a number of more than 9 "
       "digits"},
      {"a{999999999}",
       "'a{999999999}' is too complex (its repetition counts multiply to more "
       "than 10000)"},
      {std::string(40, '(') + "a" + std::string(40, ')'),
       "'" + std::string(40, '(') + "'... nests groups deeper than 32"},
      {std::string(1025, 'a'), "'" + std::string(40, 'a') + "'... is longer than 1024 bytes"},
  };
  for (const auto& [pattern, message] : cases) {
    EXPECT_EQ(match_pattern_error(pattern), message) << pattern;
  }
}

TEST(WaitPattern, CostGrowsWithNestedCounts) {
  EXPECT_EQ(estimated_pattern_cost("abc"), 3u);
  EXPECT_EQ(estimated_pattern_cost("a{10}"), 10u);
  EXPECT_EQ(estimated_pattern_cost("(ab){10}"), 20u);
  EXPECT_EQ(estimated_pattern_cost("((a){10}){10}"), 100u);
  EXPECT_EQ(estimated_pattern_cost("[a-z]{3}"), 3u);
}

}  // namespace
}  // namespace sandmux::broker

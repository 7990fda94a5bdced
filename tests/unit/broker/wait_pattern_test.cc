// `wait --match` patterns (RE2 syntax): ordinary regexes pass, broken and oversized ones
// are refused with the whole message, one printable line.
#include "broker/wait_pattern.h"

#include <gtest/gtest.h>

#include <vector>

#include "broker/output_matcher.h"

namespace sandmux::broker {
namespace {

TEST(WaitPattern, OrdinaryPatternsPass) {
  for (const std::string pattern :
       {"\\$ $", "^done [0-9]+$", "(error|warning): .*", "[]a]+", "\\d{4}-\\d{2}-\\d{2}", "a{2,}",
        "x{1,3}?", "(?:ab)+c", "\\{", "é", "build 20261121123456", "(?s)first.*second",
        "(?m)^\\$ $", "(?i)error", "\\bword\\b", "[[:digit:]]+", "\\pL+", "(?P<name>x)y",
        "third\\r?\\n[\\s\\S]*third", ".{1000}"}) {
    EXPECT_EQ(match_pattern_error(pattern), std::nullopt) << pattern;
  }
}

TEST(WaitPattern, AnOverflowingCountIsLiteralText) {
  EXPECT_EQ(match_pattern_error("a{99999999999999999999}"), std::nullopt);
  const CompiledPattern braces = compile_match_pattern("a{99999999999999999999}");
  ASSERT_NE(braces.regex, nullptr);
  EXPECT_EQ(first_match(*braces.regex, "xa{99999999999999999999}y"), "a{99999999999999999999}");
}

TEST(WaitPattern, DeepNestingIsNotAProblemForRe2) {
  const std::string pattern = std::string(400, '(') + "a" + std::string(400, ')');
  EXPECT_EQ(match_pattern_error(pattern), std::nullopt);
}

TEST(WaitPattern, RefusalsTable) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "the pattern is empty"},
      {"(a", "'(a' is not a valid regex: missing ): '(a'"},
      {"a)", "'a)' is not a valid regex: unexpected ): 'a)'"},
      {"a\n[", "'a\\x0a[' is not a valid regex: missing ]: '['"},
      {"(a\nb", "'(a\\x0ab' is not a valid regex: missing ): '(a\\x0ab'"},
      {"[^]*x", "'[^]*x' is not a valid regex: missing ]: '[^]*x'"},
      {"a**", "'a**' is not a valid regex: bad repetition operator: '**'"},
      {"(a)\\1", "'(a)\\\\1' is not a valid regex: invalid escape sequence: '\\\\1'"},
      {"(?=a)", "'(?=a)' is not a valid regex: invalid perl operator: '(?='"},
      {"[z-a]", "'[z-a]' is not a valid regex: invalid character class range: 'z-a'"},
      {"a\\", "'a\\\\' is not a valid regex: trailing \\"},
      {"\xff", "'\\xff' is not a valid regex: invalid UTF-8"},
      {"a{1001}", "'a{1001}' is not a valid regex: invalid repetition size: '{1001}'"},
      {"(a{1000}){1000}",
       "'(a{1000}){1000}' is not a valid regex: invalid repetition size: '{1000}'"},
      {"(" + std::string(50, 'a'),
       "'(" + std::string(39, 'a') + "'... is not a valid regex: missing ): '(" +
           std::string(39, 'a') + "'..."},
      {".{1000}.{1000}",
       "'.{1000}.{1000}' is too complex (its compiled program has more than 10000 "
       "instructions)"},
      {"\\pL{1000}",  // too large for max_mem: RE2 gives up compiling
       "'\\\\pL{1000}' is too complex (its compiled program has more than 10000 "
       "instructions)"},
      {std::string(1025, 'a'), "'" + std::string(40, 'a') + "'... is longer than 1024 bytes"},
  };
  for (const auto& [pattern, message] : cases) {
    EXPECT_EQ(match_pattern_error(pattern), message) << pattern;
  }
}

TEST(WaitPattern, CompilingGivesTheRegexOrTheSameMessage) {
  const CompiledPattern good = compile_match_pattern("DONE [0-9]+");
  EXPECT_NE(good.regex, nullptr);
  EXPECT_EQ(good.error, "");
  const CompiledPattern bad = compile_match_pattern("(a");
  EXPECT_EQ(bad.regex, nullptr);
  EXPECT_EQ(bad.error, match_pattern_error("(a"));
}

}  // namespace
}  // namespace sandmux::broker

#pragma once
// Validation of `wait --match REGEX` patterns before they reach a regex engine.
// Invariants: a pattern accepted here is at most kMaxRegexBytes long, compiles with
// std::regex (ECMAScript) and its compiled automaton stays small (repetition counts
// multiply states in libstdc++, so "(a{1000}){1000}" is refused before compiling).
// The broker may match with another engine (libstdc++'s std::regex_search recurses
// per input byte); this check keeps the accepted language a safe common subset.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sandmux::broker {

inline constexpr std::size_t kMaxPatternBytes = 1024;
/// Upper bound on the estimated automaton size (about one state per atom copy).
inline constexpr std::size_t kMaxPatternCost = 10000;

/// nullopt when PATTERN is acceptable, otherwise why not, e.g.
/// "'(a' is not a valid regex: mismatched '(' and ')'".
std::optional<std::string> match_pattern_error(std::string_view pattern);

/// The estimated number of automaton states for PATTERN (saturating), or nullopt when
/// groups nest deeper than 32.
std::optional<std::size_t> estimated_pattern_cost(std::string_view pattern);

}  // namespace sandmux::broker

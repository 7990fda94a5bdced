#pragma once
// "did you mean 'X'?": the closest known word to a mistyped one, by edit distance.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sandmux::config {

/// Optimal string alignment distance (insertions, deletions, substitutions and
/// transpositions of neighbours each cost 1), compared case-insensitively.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to WORD when it is close enough to be a likely typo
/// (distance <= 1 for short candidates, <= 2 from 6 characters on); ties go to the
/// earliest candidate. nullopt when nothing is close.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates);

/// " (did you mean 'X'?)" for the closest match, or "" when there is none.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace sandmux::config

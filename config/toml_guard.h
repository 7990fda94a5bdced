#pragma once
// A pre-pass that keeps input away from a toml++ 3.3.0 bug: its test for non-ASCII
// whitespace reaches TOML_UNREACHABLE (undefined behaviour) for most code points in
// U+00A1..U+049A, U+2CDE..U+30D8 and U+FB26..U+FF20. toml++ asks that question of
// every character outside strings and comments, and inside a multi-line basic string
// right after a backslash. Those are exactly the places this pass rejects non-ASCII
// characters (a valid profile never has any there: every key of the schema is ASCII).
// It also refuses keys of more than 8 dotted parts: toml++ recurses once per level of
// nested tables and overflows the stack on `a.a.a…` keys a few thousand levels deep.
#include <optional>
#include <string_view>

#include "config/diagnostic.h"

namespace sandmux::config {

/// The first control character other than tab, newline and carriage return, anywhere:
/// TOML allows none of them raw (not even in strings or comments), and toml++ 3.3.0
/// asserts on a NUL inside a table header. Reported as "control character U+00XX is
/// not allowed" at its line and column.
std::optional<Diagnostic> find_control_character(std::string_view text, std::string_view filename);

/// The first non-ASCII character toml++ must not see, or the first over-deep key, as
/// an error at its line and column (columns count code points, like toml++), or nullopt.
std::optional<Diagnostic> find_unsafe_non_ascii(std::string_view text, std::string_view filename);

}  // namespace sandmux::config

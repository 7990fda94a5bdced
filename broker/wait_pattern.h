#pragma once
// `wait --match REGEX` patterns: RE2 syntax, checked and compiled in one place, so that
// the CLI (before sending) and the broker (on receipt, and again to match) agree.
// Invariants: a pattern accepted here is non-empty, at most kMaxPatternBytes long, valid
// UTF-8, compiles with RE2 within kPatternMaxMem, and its program has at most
// kMaxPatternProgramSize instructions.
// Why no cost estimate of our own any more: RE2 matches in time linear in the input,
// never recurses on it, and bounds the pattern itself (repetition counts at most 1000,
// nested ones multiplying to at most 1000; max_mem caps the compiled program and each
// DFA cache). What remains is a constant factor, and RE2 measures it: ProgramSize().
// Ordinary patterns run on RE2's DFA, well under 1 ms per 64 KiB; a contrived one that
// defeats the DFA cache (e.g. "(?:\C?){1000}(?:\C?){1000}z") falls back to RE2's NFA,
// whose work per input byte grows with the program: about 0.5 ms per instruction per
// 64 KiB measured here. The cap (Code Search's 10,000, on which RE2's default max_mem is
// modelled) bounds that worst case to about 5 s per 64 KiB searched; lowering it trades
// the worst case for expressiveness ("\pL+ \pL+" alone has ~2,400 instructions).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace sandmux::broker {

inline constexpr std::size_t kMaxPatternBytes = 1024;
/// Most instructions a compiled pattern may have (RE2::ProgramSize()).
inline constexpr int kMaxPatternProgramSize = 10000;
/// RE2's memory budget per pattern: its program and its DFA caches.
inline constexpr std::int64_t kPatternMaxMem = std::int64_t{8} << 20;

/// An accepted pattern compiled (regex set, error empty), or why PATTERN was refused
/// (regex null, error a one-line message).
struct CompiledPattern {
  std::shared_ptr<const re2::RE2> regex;
  std::string error;
};

/// PATTERN checked and compiled, e.g. error "'(a' is not a valid regex: missing ): (a".
CompiledPattern compile_match_pattern(std::string_view pattern);

/// nullopt when PATTERN is acceptable, otherwise compile_match_pattern's error.
std::optional<std::string> match_pattern_error(std::string_view pattern);

}  // namespace sandmux::broker

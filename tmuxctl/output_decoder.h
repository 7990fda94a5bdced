#pragma once
/*
 * Exact decoding of the data field of %output and %extended-output lines. tmux writes every
 * byte below 0x20 and the backslash itself as "\ooo" (three octal digits) and every other
 * byte, 0x7f and above included, raw. Invariants:
 *  - A well-formed escape "\ooo" with a value <= 0377 becomes exactly one byte.
 *  - Anything else after a backslash (a short, non-octal or > 0377 escape, which tmux never
 *    sends) is kept verbatim and counted as malformed; no input is ever dropped.
 *  - The output is never longer than the input.
 */
#include <cstddef>
#include <string>
#include <string_view>

namespace sandmux::tmuxctl {

/// Decodes ESCAPED, appending the bytes to OUT (which is not cleared). Returns the number
/// of malformed escapes met (0 for anything tmux itself produces).
std::size_t decode_output(std::string_view escaped, std::string& out);

/// Encodes BYTES the way tmux does (for tests, fuzzers and benchmarks), appending to OUT.
void encode_output(std::string_view bytes, std::string& out);

}  // namespace sandmux::tmuxctl

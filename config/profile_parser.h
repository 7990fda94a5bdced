#pragma once
// Pure: TOML text in, RawProfile out. No file system access.
#include <string_view>

#include "config/profile.h"

namespace sandmux::config {

/// Parses one profile file. A TOML syntax error is the only diagnostic returned;
/// schema errors (unknown keys with "did you mean", wrong types) are all collected.
Result<RawProfile> parse_profile(std::string_view text, std::string_view filename);

/// What parse_profile read, kept next to its schema errors so that a caller can still
/// validate the values that were read and report every problem at once. raw is empty
/// only after a syntax error (then errors holds that one error).
struct PartialProfile {
  std::optional<RawProfile> raw;
  std::vector<Diagnostic> errors;
};
PartialProfile parse_profile_partial(std::string_view text, std::string_view filename);

}  // namespace sandmux::config

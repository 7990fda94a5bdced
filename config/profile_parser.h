#pragma once
// Pure: TOML text in, RawProfile out. No file system access.
#include <string_view>

#include "config/profile.h"

namespace sandmux::config {

/// Parses one profile file. A TOML syntax error is the only diagnostic returned;
/// schema errors (unknown keys with "did you mean", wrong types) are all collected.
Result<RawProfile> parse_profile(std::string_view text, std::string_view filename);

}  // namespace sandmux::config

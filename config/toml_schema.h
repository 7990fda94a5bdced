#pragma once
// Typed reads from the located TOML tree, each reporting a wrong type or an unknown
// key as a Diagnostic ("'ro' must be an array of strings", "unknown key 'rww' (did
// you mean 'rw'?)"). Shared by the profile and settings parsers; errors accumulate.
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "config/profile.h"
#include "config/toml_reader.h"

namespace sandmux::config {

using Diagnostics = std::vector<Diagnostic>;

/// The entry's value when it is a string; else "'KEY' must be a string".
std::optional<Located> read_string(const TomlEntry& entry, Diagnostics& errors);

/// The entry's value when it is a boolean; else "'KEY' must be a boolean".
std::optional<bool> read_bool(const TomlEntry& entry, Diagnostics& errors);

/// The entry's value when it is a number (integer or float) in [LOW, HIGH]; else
/// "'KEY' must be a number" or "'KEY' must be between LOW and HIGH".
std::optional<double> read_number(const TomlEntry& entry, double low, double high,
                                  Diagnostics& errors);

/// The strings of an array; "'KEY' must be an array of strings" at the entry when it is
/// not an array, or at each element that is not a string (the others are kept).
std::vector<Located> read_string_array(const TomlEntry& entry, Diagnostics& errors);

/// The string entries of a table as (key, value) pairs; "'KEY' must be a table of
/// strings" at the entry or at each non-string value.
std::vector<std::pair<Located, Located>> read_string_table(const TomlEntry& entry,
                                                           Diagnostics& errors);

/// True when the entry is a table; else "'KEY' must be a table".
bool expect_table(const TomlEntry& entry, Diagnostics& errors);

/// "unknown table 'K'" (for a table value) or "unknown key 'K'", with "did you mean"
/// from KNOWN when one is close, else the list of known keys.
void report_unknown(const TomlEntry& entry, std::span<const std::string_view> known,
                    Diagnostics& errors);

}  // namespace sandmux::config

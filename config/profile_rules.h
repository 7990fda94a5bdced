#pragma once
// The validation rules for single profile values other than paths (path_expander.h).
// Each check returns the problem, or nullopt when the value is fine.
#include <optional>

#include "config/profile.h"

namespace sandmux::config {

/// [A-Za-z_][A-Za-z0-9_]* and no leading '-'.
std::optional<Diagnostic> check_env_name(const Located& name);

/// Anything but NUL: see the comment in profile_rules.cc for why that is enough.
std::optional<Diagnostic> check_env_value(const Located& name, const Located& value);

/// [a-z0-9_]+ and no leading '-'; sandbox/ resolves the names to numbers.
std::optional<Diagnostic> check_syscall_name(const Located& name);

/// No control characters: descriptions are printed on terminals by `profile list`.
std::optional<Diagnostic> check_description(const Located& description);

/// A valid profile name (see is_valid_profile_name).
std::optional<Diagnostic> check_profile_name(const Located& name);

/// No read-write bind of '/' or of the home directory or a directory above it.
std::optional<Diagnostic> check_read_write(const PathGrant& grant, const Located& written,
                                           const ExpandContext& context);

/// NAME is a network mode; else "unknown network mode" with "did you mean".
std::optional<Diagnostic> check_network_mode(const Located& mode);

}  // namespace sandmux::config

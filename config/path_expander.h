#pragma once
// Paths in profiles: variables, the optional marker, normalisation and the checks that
// keep a path from meaning anything but one absolute location.
//   "~" or a leading "~/"  -> the home directory       {home}        -> the same
//   {project}              -> the project directory    {uid}         -> the numeric uid
//   {runtime_dir}          -> $XDG_RUNTIME_DIR (an error when it is unset)
//   a trailing "?"         -> optional: skipped by the launcher when missing
#include <string>
#include <string_view>

#include "config/profile.h"

namespace sandmux::config {

/// Replaces the variables of WRITTEN (already without its '?'). Errors: an unknown
/// variable (with "did you mean"), an unclosed '{', a variable whose value is unset.
Result<std::string> expand_variables(const Located& written, const ExpandContext& context);

/// Checks and normalises an expanded path: no control characters, no leading '-',
/// absolute, no ".." component; "//", "/./" and a trailing '/' are removed. Messages
/// quote WRITTEN (what the user typed) and the expansion when it differs.
Result<std::string> normalize_path(std::string_view path, const Located& written);

/// The whole pipeline for one path as written in a profile: strip a trailing '?',
/// expand, normalise.
Result<PathGrant> expand_path(const Located& written, const ExpandContext& context);

/// True when ANCESTOR is PATH or a directory above it (both normalised).
bool is_same_or_ancestor(std::string_view ancestor, std::string_view path);

/// True when TEXT contains a byte below 0x20 or 0x7f (newline, NUL, escapes, ...).
bool has_control_character(std::string_view text);

}  // namespace sandmux::config

#pragma once
// A resolved Profile written back as TOML, for `sandmux profile show NAME`.
#include <string>
#include <string_view>

#include "config/profile.h"

namespace sandmux::config {

/// A TOML document of the fully resolved PROFILE: every section written out, paths
/// expanded (optional ones keep their trailing '?'), no `extends` (the chain is in a
/// comment). parse_profile + resolve of the result gives an equal profile, as long as
/// no expanded path contains '{' (it would read as a variable; only a project or home
/// directory with '{' in its name can cause that).
std::string to_toml(const Profile& profile);

/// TEXT as a TOML basic string: in double quotes, with '"', '\' and every control
/// character escaped.
std::string toml_string(std::string_view text);

}  // namespace sandmux::config

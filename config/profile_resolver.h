#pragma once
// Pure: follows `extends`, merges, expands variables and validates every value.
#include <string>

#include "config/profile.h"
#include "config/profile_source.h"

namespace sandmux::config {

/// Resolves profile NAME from SOURCE. Unknown parents and cycles are errors; every
/// validation problem in the whole chain is reported at once.
Result<Profile> resolve_profile(const std::string& name, const ProfileSource& source,
                                const ExpandContext& context);

/// Resolves a profile given as text (for `profile check FILE`): its `extends`
/// parents come from SOURCE.
Result<Profile> resolve_profile_text(const ProfileText& text, const ProfileSource& source,
                                     const ExpandContext& context);

}  // namespace sandmux::config

#pragma once
// Loading the user's settings and profiles for a command, with errors turned into
// UserErrors whose lines read "profile 'x': FILE:LINE:COL: message".
#include <optional>
#include <string>
#include <vector>

#include "broker/user_paths.h"
#include "config/diagnostic.h"
#include "config/profile.h"
#include "config/profile_store.h"
#include "config/settings.h"

namespace sandmux::broker {

struct ProfileContext {
  UserPaths paths;
  config::Settings settings;
  config::ProfileStore store;
  config::ExpandContext expand;
};

/// The canonical project directory: DIR, or the current directory. A DIR that is not
/// an existing directory is a usage error (exit 2).
std::string resolve_project_dir(const std::optional<std::string>& dir);

/// The user's config.toml (defaults when missing); a broken one is exit 125.
config::Settings load_user_settings();

/// Settings, store and expansion context for a command working on PROJECT.
/// A broken config.toml is sandmux's own failure (exit 125).
ProfileContext make_profile_context(const std::string& project);

/// Resolves profile NAME (the settings' default when empty); exit 125 on any error.
config::Profile load_profile(const ProfileContext& context, const std::string& name);

/// One line per diagnostic, each "PREFIX" + diagnostic; lines after the first carry
/// the "sandmux: " prefix that main() adds to the first.
std::string format_diagnostics(const std::string& prefix,
                               const std::vector<config::Diagnostic>& errors);

}  // namespace sandmux::broker

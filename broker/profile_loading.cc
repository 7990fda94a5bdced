#include "broker/profile_loading.h"

#include <filesystem>
#include <system_error>

#include "broker/command.h"
#include "broker/exit_codes.h"
#include "config/profile_resolver.h"

namespace sandmux::broker {

std::string resolve_project_dir(const std::optional<std::string>& dir) {
  std::error_code ec;
  const std::filesystem::path path = dir ? std::filesystem::path(*dir) : std::filesystem::current_path(ec);
  if (ec) throw UserError(kExitFailure, "cannot read the current directory: " + ec.message());
  const std::filesystem::path canonical = std::filesystem::canonical(path, ec);
  if (ec || !std::filesystem::is_directory(canonical, ec)) {
    throw UserError(kExitUsage, "project directory '" + path.string() + "' is not a directory");
  }
  return canonical.string();
}

std::string format_diagnostics(const std::string& prefix,
                               const std::vector<config::Diagnostic>& errors) {
  std::string text;
  for (const config::Diagnostic& error : errors) {
    if (!text.empty()) text += "\nsandmux: ";
    text += prefix + error.str();
  }
  return text;
}

config::Settings load_user_settings() {
  config::Result<config::Settings> settings =
      config::load_settings(user_paths_from_environment().settings_file());
  if (!settings) throw UserError(kExitFailure, format_diagnostics("", settings.errors));
  return std::move(*settings.value);
}

ProfileContext make_profile_context(const std::string& project) {
  UserPaths paths = user_paths_from_environment();
  config::Result<config::Settings> settings = config::load_settings(paths.settings_file());
  if (!settings) throw UserError(kExitFailure, format_diagnostics("", settings.errors));
  config::ExpandContext expand{paths.home, project, paths.runtime_dir, paths.uid};
  config::ProfileStore store(paths.profiles_dir());
  return ProfileContext{std::move(paths), std::move(*settings.value), std::move(store), std::move(expand)};
}

config::Profile load_profile(const ProfileContext& context, const std::string& name) {
  const std::string chosen = name.empty() ? context.settings.default_profile : name;
  config::Result<config::Profile> profile =
      config::resolve_profile(chosen, context.store, context.expand);
  if (!profile) {
    throw UserError(kExitFailure, format_diagnostics("profile '" + chosen + "': ", profile.errors));
  }
  return std::move(*profile.value);
}

}  // namespace sandmux::broker

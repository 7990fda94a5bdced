#pragma once
// The real ProfileSource: user profiles in $XDG_CONFIG_HOME/sandmux/profiles/NAME.toml
// override the built-in profiles (packaging/profiles/*.toml, embedded) by name.
#include <string>

#include "config/diagnostic.h"
#include "config/profile_source.h"

namespace sandmux::config {

class ProfileStore : public ProfileSource {
 public:
  /// user_dir may be empty: built-ins only.
  explicit ProfileStore(std::string user_dir);
  std::optional<ProfileText> find(const std::string& name) const override;
  std::vector<std::string> names() const override;
  std::optional<ProfileText> find_builtin(const std::string& name) const override;

 private:
  std::string m_user_dir;
};

/// The embedded built-in profile texts (default, offline, opencode).
std::vector<ProfileText> builtin_profiles();

/// A profile name is [A-Za-z0-9_-]+, at most 64 characters.
bool is_valid_profile_name(const std::string& name);

/// Reads the profile file PATH for `sandmux profile check FILE`: its name is the file
/// name without ".toml". A missing, unreadable, non-regular or over-large file
/// (> 1 MiB) is an error located at PATH.
Result<ProfileText> load_profile_file(const std::string& path);

}  // namespace sandmux::config

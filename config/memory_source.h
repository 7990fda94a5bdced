#pragma once
// An in-memory ProfileSource with the same layering as ProfileStore (user profiles
// override built-ins by name): for tests, the fuzzer, and callers holding texts.
#include <map>

#include "config/profile_source.h"

namespace sandmux::config {

class MemorySource : public ProfileSource {
 public:
  /// Adds TEXT as a user or built-in profile (by text.builtin), replacing one of the
  /// same name and kind.
  void add(ProfileText text);
  /// A user profile, named "NAME.toml" in messages.
  void add_user(const std::string& name, std::string text);
  /// A built-in profile, named "<builtin>/NAME.toml" in messages.
  void add_builtin(const std::string& name, std::string text);

  std::optional<ProfileText> find(const std::string& name) const override;
  std::vector<std::string> names() const override;
  std::optional<ProfileText> find_builtin(const std::string& name) const override;

 private:
  std::map<std::string, ProfileText> m_user;
  std::map<std::string, ProfileText> m_builtin;
};

}  // namespace sandmux::config

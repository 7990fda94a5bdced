#pragma once
// Where profile texts come from, by name. The real implementation (ProfileStore)
// looks in the user's profile directory, then the built-ins; tests use a map.
#include <optional>
#include <string>
#include <vector>

#include "config/diagnostic.h"

namespace sandmux::config {

struct ProfileText {
  std::string name;
  std::string filename;  // for messages: a real path, or "<builtin>/NAME.toml"
  std::string text;
  bool builtin = false;
  /// Set when the profile exists but cannot be used as text (unreadable, too large,
  /// not a regular file): resolving it reports this instead of parsing.
  std::optional<Diagnostic> error = std::nullopt;
};

class ProfileSource {
 public:
  virtual ~ProfileSource() = default;
  /// The text of profile NAME, or nullopt when there is none.
  virtual std::optional<ProfileText> find(const std::string& name) const = 0;
  /// Every available profile name, sorted, each once.
  virtual std::vector<std::string> names() const = 0;
  /// The built-in profile NAME even when a user profile of that name overrides it:
  /// a user profile that `extends` its own name extends the built-in one.
  virtual std::optional<ProfileText> find_builtin(const std::string& /*name*/) const {
    return std::nullopt;
  }
};

}  // namespace sandmux::config

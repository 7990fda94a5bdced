#pragma once
// Where profile texts come from, by name. The real implementation (ProfileStore)
// looks in the user's profile directory, then the built-ins; tests use a map.
#include <optional>
#include <string>
#include <vector>

namespace sandmux::config {

struct ProfileText {
  std::string name;
  std::string filename;  // for messages: a real path, or "<builtin>/NAME.toml"
  std::string text;
  bool builtin = false;
};

class ProfileSource {
 public:
  virtual ~ProfileSource() = default;
  /// The text of profile NAME, or nullopt when there is none.
  virtual std::optional<ProfileText> find(const std::string& name) const = 0;
  /// Every available profile name, sorted, each once.
  virtual std::vector<std::string> names() const = 0;
};

}  // namespace sandmux::config

#pragma once
// $XDG_CONFIG_HOME/sandmux/config.toml: user settings.
#include <string>
#include <string_view>

#include "config/diagnostic.h"

namespace sandmux::config {

struct Settings {
  std::string default_profile = "default";
  /// Base directory for jail socket directories; empty means the built-in choice
  /// ($XDG_RUNTIME_DIR/sandmux, else /tmp/sandmux-UID).
  std::string socket_dir_base;
};

/// Pure: parses config.toml text. Unknown keys are errors.
Result<Settings> parse_settings(std::string_view text, std::string_view filename);

/// Reads PATH; a missing file gives the defaults.
Result<Settings> load_settings(const std::string& path);

}  // namespace sandmux::config

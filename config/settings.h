#pragma once
// $XDG_CONFIG_HOME/sandmux/config.toml: user settings.
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostic.h"

namespace sandmux::config {

struct Settings {
  std::string default_profile = "default";
  /// Base directory for jail socket directories; empty means the built-in choice
  /// ($XDG_RUNTIME_DIR/sandmux, else /tmp/sandmux-UID).
  std::string socket_dir_base;
  /// A session with no output (and no input) for this long is idle.
  double idle_seconds = 2.0;
  /// OSC 52 clipboard writes from a sandbox reach the real terminal (run, attach, logs).
  /// Reads of the clipboard never do.
  bool allow_clipboard = false;
  /// Directories accepted as projects although project_location.h would refuse them
  /// (and everything inside them): normalised, absolute or starting with "~".
  std::vector<std::string> allow_projects;
  /// A running jail with no live session and no `run` using it is stopped after this long.
  double jail_grace_seconds = 60;
  /// How long the broker waits for a jail's tmux server to answer a request (send, keys,
  /// capture, kill) before failing it: a jail can freeze its own server.
  double jail_timeout_seconds = 10;
};

inline constexpr double kMinIdleSeconds = 0.1;
inline constexpr double kMaxIdleSeconds = 86400;
inline constexpr double kMinJailGraceSeconds = 1;
inline constexpr double kMaxJailGraceSeconds = 604800;  // a week
inline constexpr double kMinJailTimeoutSeconds = 0.5;
inline constexpr double kMaxJailTimeoutSeconds = 3600;

/// Pure: parses config.toml text. Unknown keys are errors.
Result<Settings> parse_settings(std::string_view text, std::string_view filename);

/// Reads PATH; a missing file gives the defaults.
Result<Settings> load_settings(const std::string& path);

}  // namespace sandmux::config

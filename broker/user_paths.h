#pragma once
// Where sandmux keeps things for the calling user, from the XDG environment.
#include <string>

namespace sandmux::broker {

struct UserPaths {
  std::string home;         // $HOME, else the passwd entry
  std::string config_dir;   // $XDG_CONFIG_HOME/sandmux, else ~/.config/sandmux
  std::string state_dir;    // $XDG_STATE_HOME/sandmux, else ~/.local/state/sandmux
  std::string runtime_dir;  // $XDG_RUNTIME_DIR; empty when unset or not absolute
  unsigned uid = 0;

  std::string profiles_dir() const { return config_dir + "/profiles"; }
  std::string settings_file() const { return config_dir + "/config.toml"; }
  /// sandmux's private runtime directory: $XDG_RUNTIME_DIR/sandmux, else /tmp/sandmux-UID.
  std::string runtime_base() const {
    return runtime_dir.empty() ? "/tmp/sandmux-" + std::to_string(uid) : runtime_dir + "/sandmux";
  }
};

/// Reads the caller's environment. XDG variables that are not absolute are ignored,
/// as the XDG base directory specification says.
UserPaths user_paths_from_environment();

}  // namespace sandmux::broker

#pragma once
// Reading a small configuration file (a profile or config.toml) whole: the only file
// system access in config/, used by ProfileStore and load_settings.
#include <cstdint>
#include <optional>
#include <string>

#include "config/diagnostic.h"

namespace sandmux::config {

/// Larger files are refused: no profile is anywhere near this size.
inline constexpr std::uintmax_t kMaxConfigFileSize = 1024 * 1024;

enum class FileState { ok, missing, error };

struct ConfigFile {
  FileState state = FileState::missing;
  std::string text;                 // when ok
  std::optional<Diagnostic> error;  // when error: "PATH: cannot read: permission denied"
};

/// Reads PATH (following symlinks). Missing is not an error by itself; a directory,
/// a device, an unreadable file or one over kMaxConfigFileSize is.
ConfigFile read_config_file(const std::string& path);

}  // namespace sandmux::config

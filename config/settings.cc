// config.toml: `default_profile` (a profile name), `socket_dir_base` (an absolute path,
// checked like profile paths but without variables), `idle_seconds` (a number of
// seconds, kMinIdleSeconds to kMaxIdleSeconds), `allow_clipboard` (a boolean: OSC 52
// clipboard writes from a sandbox reach the real terminal), `allow_projects` (paths,
// absolute or starting with "~", that may be projects although they look dangerous),
// `jail_grace_seconds` (how long an unused jail lives on, kMinJailGraceSeconds to
// kMaxJailGraceSeconds) and `jail_timeout_seconds` (the deadline of every request to a
// jail, kMinJailTimeoutSeconds to kMaxJailTimeoutSeconds). Unknown keys are errors.
#include "config/settings.h"

#include <algorithm>
#include <array>

#include "config/config_file.h"
#include "config/path_expander.h"
#include "config/profile_rules.h"
#include "config/toml_reader.h"
#include "config/toml_schema.h"

namespace sandmux::config {
namespace {

constexpr std::array<std::string_view, 7> kSettingsKeys = {
    "default_profile", "socket_dir_base",    "idle_seconds",        "allow_clipboard",
    "allow_projects",  "jail_grace_seconds", "jail_timeout_seconds"};

void read_default_profile(const TomlEntry& entry, Settings& settings, Diagnostics& errors) {
  std::optional<Located> name = read_string(entry, errors);
  if (!name) return;
  if (std::optional<Diagnostic> problem = check_profile_name(*name)) {
    errors.push_back(std::move(*problem));
    return;
  }
  settings.default_profile = name->text;
}

void read_socket_dir_base(const TomlEntry& entry, Settings& settings, Diagnostics& errors) {
  std::optional<Located> path = read_string(entry, errors);
  if (!path) return;
  Result<std::string> normal = normalize_path(path->text, *path);
  if (!normal) {
    errors.insert(errors.end(), normal.errors.begin(), normal.errors.end());
    return;
  }
  settings.socket_dir_base = std::move(*normal.value);
}

// "~" stays a "~" (the home directory is not known here); the rest is checked like
// socket_dir_base.
void read_allow_projects(const TomlEntry& entry, Settings& settings, Diagnostics& errors) {
  for (const Located& path : read_string_array(entry, errors)) {
    const bool tilde = path.text == "~" || path.text.starts_with("~/");
    const std::string absolute = tilde ? "/" + path.text.substr(std::min<std::size_t>(2, path.text.size())) : path.text;
    Result<std::string> normal = normalize_path(absolute, Located{absolute, path.where});
    if (!normal) {
      for (Diagnostic& error : normal.errors) {  // quote what the user wrote, '~' and all
        const std::size_t at = error.message.find(quote(absolute));
        if (at != std::string::npos) error.message.replace(at, quote(absolute).size(), quote(path.text));
        errors.push_back(std::move(error));
      }
      continue;
    }
    settings.allow_projects.push_back(
        tilde ? "~" + (*normal.value == "/" ? std::string() : *normal.value) : *normal.value);
  }
}

}  // namespace

Result<Settings> parse_settings(std::string_view text, std::string_view filename) {
  Result<TomlValue> document = read_toml(text, filename);
  if (!document) return Result<Settings>::fail(std::move(document.errors));
  Settings settings;
  Diagnostics errors;
  for (const TomlEntry& entry : document.value->entries) {
    if (entry.key == "default_profile") {
      read_default_profile(entry, settings, errors);
    } else if (entry.key == "socket_dir_base") {
      read_socket_dir_base(entry, settings, errors);
    } else if (entry.key == "allow_projects") {
      read_allow_projects(entry, settings, errors);
    } else if (entry.key == "idle_seconds") {
      const std::optional<double> seconds =
          read_number(entry, kMinIdleSeconds, kMaxIdleSeconds, errors);
      if (seconds) settings.idle_seconds = *seconds;
    } else if (entry.key == "jail_grace_seconds") {
      const std::optional<double> seconds =
          read_number(entry, kMinJailGraceSeconds, kMaxJailGraceSeconds, errors);
      if (seconds) settings.jail_grace_seconds = *seconds;
    } else if (entry.key == "jail_timeout_seconds") {
      const std::optional<double> seconds =
          read_number(entry, kMinJailTimeoutSeconds, kMaxJailTimeoutSeconds, errors);
      if (seconds) settings.jail_timeout_seconds = *seconds;
    } else if (entry.key == "allow_clipboard") {
      const std::optional<bool> allow = read_bool(entry, errors);
      if (allow) settings.allow_clipboard = *allow;
    } else {
      report_unknown(entry, kSettingsKeys, errors);
    }
  }
  if (!errors.empty()) return Result<Settings>::fail(std::move(errors));
  return Result<Settings>::ok(std::move(settings));
}

Result<Settings> load_settings(const std::string& path) {
  ConfigFile file = read_config_file(path);
  if (file.state == FileState::missing) return Result<Settings>::ok(Settings{});
  if (file.state == FileState::error) return Result<Settings>::fail(*file.error);
  return parse_settings(file.text, path);
}

}  // namespace sandmux::config

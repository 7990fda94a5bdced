// Profiles by name: USER_DIR/NAME.toml first, then the embedded built-ins. A user
// file that exists but cannot be read is reported, never silently skipped in favour
// of the built-in of the same name.
#include "config/profile_store.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "config/builtin_profiles_data.h"
#include "config/config_file.h"

namespace sandmux::config {
namespace {

constexpr std::string_view kExtension = ".toml";

}  // namespace

bool is_valid_profile_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::vector<ProfileText> builtin_profiles() {
  std::vector<ProfileText> out;
  for (std::size_t i = 0; i < kEmbeddedProfileCount; ++i) {
    std::string name = kEmbeddedProfiles[i].name;
    out.push_back(ProfileText{name, "<builtin>/" + name + ".toml", kEmbeddedProfiles[i].text, true,
                              std::nullopt});
  }
  return out;
}

ProfileStore::ProfileStore(std::string user_dir) : m_user_dir(std::move(user_dir)) {}

std::optional<ProfileText> ProfileStore::find(const std::string& name) const {
  if (!is_valid_profile_name(name)) return std::nullopt;
  if (!m_user_dir.empty()) {
    std::string path = m_user_dir + "/" + name + std::string(kExtension);
    ConfigFile file = read_config_file(path);
    if (file.state == FileState::ok) {
      return ProfileText{name, path, std::move(file.text), false, std::nullopt};
    }
    if (file.state == FileState::error) return ProfileText{name, path, "", false, file.error};
  }
  return find_builtin(name);
}

std::optional<ProfileText> ProfileStore::find_builtin(const std::string& name) const {
  for (ProfileText& text : builtin_profiles()) {
    if (text.name == name) return std::move(text);
  }
  return std::nullopt;
}

std::vector<std::string> ProfileStore::names() const {
  std::vector<std::string> out;
  for (const ProfileText& text : builtin_profiles()) out.push_back(text.name);
  std::error_code ec;
  if (!m_user_dir.empty()) {
    for (std::filesystem::directory_iterator it(m_user_dir, ec), end; !ec && it != end;
         it.increment(ec)) {
      std::string file = it->path().filename().string();
      if (!file.ends_with(kExtension)) continue;
      std::string name = file.substr(0, file.size() - kExtension.size());
      if (is_valid_profile_name(name)) out.push_back(std::move(name));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<ProfileText> load_profile_file(const std::string& path) {
  ConfigFile file = read_config_file(path);
  if (file.state == FileState::missing) {
    return Result<ProfileText>::fail(Diagnostic{Location{path, 0, 0}, "no such file"});
  }
  if (file.state == FileState::error) return Result<ProfileText>::fail(*file.error);
  std::string name = std::filesystem::path(path).filename().string();
  if (name.ends_with(kExtension)) name.resize(name.size() - kExtension.size());
  return Result<ProfileText>::ok(
      ProfileText{name, path, std::move(file.text), false, std::nullopt});
}

}  // namespace sandmux::config

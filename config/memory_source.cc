// Profiles held in memory, layered like the real store.
#include "config/memory_source.h"

#include <algorithm>

namespace sandmux::config {

void MemorySource::add(ProfileText text) {
  auto& layer = text.builtin ? m_builtin : m_user;
  std::string name = text.name;
  layer.insert_or_assign(name, std::move(text));
}

void MemorySource::add_user(const std::string& name, std::string text) {
  add(ProfileText{name, name + ".toml", std::move(text), false, std::nullopt});
}

void MemorySource::add_builtin(const std::string& name, std::string text) {
  add(ProfileText{name, "<builtin>/" + name + ".toml", std::move(text), true, std::nullopt});
}

std::optional<ProfileText> MemorySource::find(const std::string& name) const {
  if (auto user = m_user.find(name); user != m_user.end()) return user->second;
  return find_builtin(name);
}

std::vector<std::string> MemorySource::names() const {
  std::vector<std::string> out;
  for (const auto& [name, text] : m_user) out.push_back(name);
  for (const auto& [name, text] : m_builtin) {
    if (!m_user.contains(name)) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<ProfileText> MemorySource::find_builtin(const std::string& name) const {
  if (auto builtin = m_builtin.find(name); builtin != m_builtin.end()) return builtin->second;
  return std::nullopt;
}

}  // namespace sandmux::config

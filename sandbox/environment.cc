#include "sandbox/environment.h"

#include <array>
#include <string_view>

namespace sandmux::sandbox {
namespace {

constexpr std::array<std::string_view, 7> kDefaultNames = {
    "PATH", "HOME", "USER", "LANG", "TERM", "COLORTERM", "TZ"};

bool matches(const std::string& pattern, const std::string& name) {
  if (!pattern.empty() && pattern.back() == '*') {
    return name.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  }
  return pattern == name;
}

}  // namespace

std::string env_value(const EnvMap& env, const std::string& name) {
  const auto it = env.find(name);
  return it == env.end() ? std::string() : it->second;
}

EnvMap parse_environ(const char* const* envp) {
  EnvMap env;
  for (; envp && *envp; ++envp) {
    const std::string_view entry(*envp);
    const std::size_t equals = entry.find('=');
    if (equals == std::string_view::npos || equals == 0) continue;
    env.emplace(std::string(entry.substr(0, equals)), std::string(entry.substr(equals + 1)));
  }
  return env;
}

bool is_default_passed(const std::string& name) {
  for (std::string_view allowed : kDefaultNames) {
    if (name == allowed) return true;
  }
  return name.rfind("LC_", 0) == 0;
}

bool may_pass(const std::string& name) {
  if (!name.starts_with("GIT_")) return true;
  return name.starts_with("GIT_AUTHOR_") || name.starts_with("GIT_COMMITTER_");
}

EnvMap build_environment(const EnvMap& caller, const EnvRequest& request) {
  EnvMap env;
  for (const auto& [name, value] : caller) {
    bool passed = is_default_passed(name);
    for (const std::string& pattern : request.pass) passed = passed || matches(pattern, name);
    if (passed && may_pass(name)) env.emplace(name, value);
  }
  if (!env.contains("PATH")) env.emplace("PATH", kDefaultPath);
  env["HOME"] = request.home;
  if (request.tmux_socket) env["TMUX_TMPDIR"] = "/tmp";
  for (const auto& [name, value] : request.set) env[name] = value;
  return env;
}

std::vector<std::string> to_environ(const EnvMap& env) {
  std::vector<std::string> result;
  result.reserve(env.size());
  for (const auto& [name, value] : env) result.push_back(name + "=" + value);
  return result;
}

}  // namespace sandmux::sandbox

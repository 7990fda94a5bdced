// Validation rules for profile values. Everything that reaches bwrap as an argument
// (paths, environment names) must not start with '-', or bwrap would read it as an
// option; syscall names get the same rule for uniformity.
#include "config/profile_rules.h"

#include <array>

#include "config/did_you_mean.h"
#include "config/path_expander.h"
#include "config/profile_store.h"

namespace sandmux::config {
namespace {

bool is_env_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

bool is_syscall_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Diagnostic leading_dash(std::string_view noun, const Located& value) {
  return Diagnostic{value.where, std::string(noun) + " " + quote(value.text) +
                                     " starts with '-' and would be read as an option"};
}

}  // namespace

std::optional<Diagnostic> check_env_name(const Located& name) {
  if (name.text.starts_with('-')) return leading_dash("environment variable name", name);
  if (is_env_name(name.text)) return std::nullopt;
  return Diagnostic{name.where, "invalid environment variable name " + quote(name.text) +
                                    " (expected [A-Za-z_][A-Za-z0-9_]*)"};
}

// Values reach bwrap as the third word of `--setenv NAME VALUE`. bwrap consumes both
// words after --setenv as data and never parses them as options, so a value may
// start with '-' and may hold newlines or any byte; only NUL cannot cross execve().
std::optional<Diagnostic> check_env_value(const Located& name, const Located& value) {
  if (value.text.find('\0') == std::string::npos) return std::nullopt;
  return Diagnostic{value.where, "value of " + quote(name.text) + " contains a NUL character"};
}

std::optional<Diagnostic> check_syscall_name(const Located& name) {
  if (name.text.starts_with('-')) return leading_dash("syscall name", name);
  if (is_syscall_name(name.text)) return std::nullopt;
  return Diagnostic{name.where,
                    "invalid syscall name " + quote(name.text) + " (expected [a-z0-9_]+)"};
}

std::optional<Diagnostic> check_description(const Located& description) {
  if (!has_control_character(description.text)) return std::nullopt;
  return Diagnostic{description.where, "description contains a control character"};
}

std::optional<Diagnostic> check_profile_name(const Located& name) {
  if (is_valid_profile_name(name.text)) return std::nullopt;
  return Diagnostic{name.where, "invalid profile name " + quote(name.text) +
                                    " (expected [A-Za-z0-9_-]+, at most 64 characters)"};
}

std::optional<Diagnostic> check_read_write(const PathGrant& grant, const Located& written,
                                           const ExpandContext& context) {
  if (grant.path == "/") {
    return Diagnostic{written.where, "read-write bind of " + quote(written.text) +
                                         " exposes the whole file system"};
  }
  Result<std::string> home = normalize_path(context.home, written);
  if (!home || !is_same_or_ancestor(grant.path, *home.value)) return std::nullopt;
  return Diagnostic{written.where, "read-write bind of " + quote(written.text) +
                                       " exposes the whole home directory"};
}

std::optional<Diagnostic> check_network_mode(const Located& mode) {
  if (parse_network_mode(mode.text)) return std::nullopt;
  static constexpr std::array<std::string_view, 2> kModes = {"host", "none"};
  std::string hint = did_you_mean(mode.text, kModes);
  if (hint.empty()) hint = " (expected 'host' or 'none')";
  return Diagnostic{mode.where, "unknown network mode " + quote(mode.text) + hint};
}

}  // namespace sandmux::config

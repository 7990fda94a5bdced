// Writing a resolved profile as TOML. Written by hand (toml++ stays in one
// translation unit); only strings need escaping, and environment names are always
// valid bare keys.
#include "config/profile_format.h"

#include <vector>

namespace sandmux::config {
namespace {

std::string string_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += toml_string(items[i]);
  }
  return out + "]";
}

// A required path that itself ends in '?' gets a trailing '/', which normalisation
// removes again, so that it is not read back as optional.
std::string written_path(const PathGrant& grant) {
  if (grant.optional) return grant.path + "?";
  return grant.path.ends_with('?') ? grant.path + "/" : grant.path;
}

std::string path_array(const std::vector<PathGrant>& grants) {
  std::vector<std::string> items;
  for (const PathGrant& grant : grants) items.push_back(written_path(grant));
  return string_array(items);
}

std::string chain_comment(const Profile& profile) {
  std::string out = "# profile " + profile.name;
  if (profile.chain.size() > 1) {
    out += " (extends";
    for (std::size_t i = 1; i < profile.chain.size(); ++i) out += " " + profile.chain[i];
    out += ")";
  }
  return out + ", fully resolved\n";
}

// What each choice means, written above the key by `profile show`.
constexpr const char* kGitReadOnlyNote =
    "# git metadata read-only: host git runs nothing a sandbox wrote (hooks, config,\n"
    "# commondir), but `git add` and `git commit` fail inside (read-only .git).\n";
constexpr const char* kGitWritableNote =
    "# RISK: git metadata writable, so commits work inside; hooks, config and the paths git\n"
    "# reads stay read-only, but a sandbox can still create .git/commondir (or a new\n"
    "# nested .git) that host git in this project will trust and run code from.\n";

}  // namespace

std::string toml_string(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string to_toml(const Profile& profile) {
  std::string out = chain_comment(profile);
  out += "description = " + toml_string(profile.description) + "\n";
  out += "\n[filesystem]\n";
  out += "ro = " + path_array(profile.ro) + "\n";
  out += "rw = " + path_array(profile.rw) + "\n";
  out += "tmpfs = " + path_array(profile.tmpfs) + "\n";
  out += "create = " + path_array(profile.create) + "\n";
  out += "\n[env]\n";
  out += "pass = " + string_array(profile.env_pass) + "\n";
  out += "\n[env.set]\n";
  for (const auto& [name, value] : profile.env_set) out += name + " = " + toml_string(value) + "\n";
  out += "\n[network]\n";
  out += std::string("mode = \"") + to_string(profile.network) + "\"\n";
  out += "\n[seccomp]\n";
  out += "deny = " + string_array(profile.seccomp_deny) + "\n";
  out += "\n[tmux]\n";
  out +=
      std::string("expose_host_socket = ") + (profile.expose_host_socket ? "true" : "false") + "\n";
  out += "\n[git]\n";
  out += profile.git_writable_metadata ? kGitWritableNote : kGitReadOnlyNote;
  out += std::string("writable_metadata = ") + (profile.git_writable_metadata ? "true" : "false") +
         "\n";
  return out;
}

}  // namespace sandmux::config

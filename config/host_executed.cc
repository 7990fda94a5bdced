// The list is deliberately generous: a false warning costs a user one line to read; a
// missing entry costs a backdoor. Entries are relative to the home directory, and
// $XDG_CONFIG_HOME is assumed to be ~/.config, as the built-in profiles assume.
#include "config/host_executed.h"

#include "config/path_expander.h"

namespace sandmux::config {
namespace {

constexpr std::string_view kOnPath = "a directory on PATH or the tree its programs live in";
constexpr std::string_view kShell = "shell startup configuration";
constexpr std::string_view kGit = "git configuration";
constexpr std::string_view kEditor = "editor configuration or plugins";
constexpr std::string_view kSession = "systemd user units, autostart or session environment";
constexpr std::string_view kPlugins = "a tool's configuration, plugins or downloaded binaries";

const std::vector<HostExecutedLocation> kLocations = {
    {".local/bin", kOnPath},
    {"bin", kOnPath},
    {".bun", kOnPath},
    {".cargo", kOnPath},
    {".rustup", kOnPath},
    {"go/bin", kOnPath},
    {".npm-global", kOnPath},
    {".deno", kOnPath},
    {".yarn", kOnPath},
    {".volta", kOnPath},
    {".nvm", kOnPath},
    {".pyenv", kOnPath},
    {".rbenv", kOnPath},
    {".asdf", kOnPath},
    {".sdkman", kOnPath},
    {".nix-profile", kOnPath},
    {".local/share/pnpm", kOnPath},
    {".local/lib", kOnPath},  // Python user site-packages: *.pth files run in every python
    {".bashrc", kShell},
    {".bash_profile", kShell},
    {".bash_login", kShell},
    {".bash_logout", kShell},
    {".bash_aliases", kShell},
    {".profile", kShell},
    {".inputrc", kShell},
    {".zshrc", kShell},
    {".zshenv", kShell},
    {".zprofile", kShell},
    {".zlogin", kShell},
    {".zlogout", kShell},
    {".oh-my-zsh", kShell},
    {".config/fish", kShell},
    {".config/zsh", kShell},
    {".xprofile", kShell},
    {".xsession", kShell},
    {".xinitrc", kShell},
    {".pam_environment", kShell},
    {".tmux.conf", kShell},
    {".config/tmux", kShell},
    {".ssh", kShell},  // config (ProxyCommand, LocalCommand) and authorized_keys
    {".gitconfig", kGit},
    {".config/git", kGit},
    {".vimrc", kEditor},
    {".vim", kEditor},
    {".config/nvim", kEditor},
    {".local/share/nvim", kEditor},
    {".emacs", kEditor},
    {".emacs.d", kEditor},
    {".config/emacs", kEditor},
    {".nanorc", kEditor},
    {".config/helix", kEditor},
    {".config/Code", kEditor},
    {".vscode", kEditor},
    {".config/systemd", kSession},
    {".local/share/systemd", kSession},
    {".config/autostart", kSession},
    {".config/environment.d", kSession},
    {".local/share/applications", kSession},
    {".config/opencode", kPlugins},
    {".opencode", kPlugins},
    {".cache/opencode", kPlugins},  // bin/ (ripgrep, language servers) and node_modules
    {".claude", kPlugins},
    {".npmrc", kPlugins},
    {".config/direnv", kPlugins},
    {".direnvrc", kPlugins},
    {".docker", kPlugins},  // credential helpers named in config.json
    {".config/gh", kPlugins},
};

std::string tilde(std::string_view path, std::string_view home) {
  if (home.empty() || home == "/" || !is_same_or_ancestor(home, path)) return std::string(path);
  return "~" + std::string(path.substr(home.size()));
}

}  // namespace

const std::vector<HostExecutedLocation>& host_executed_locations() { return kLocations; }

std::vector<HostExecutedHit> host_executed_covered_by(std::string_view path,
                                                      std::string_view home) {
  std::vector<HostExecutedHit> hits;
  const std::string base = home == "/" ? std::string() : std::string(home);
  for (const HostExecutedLocation& location : kLocations) {
    const std::string listed = base + "/" + std::string(location.relative);
    if (is_same_or_ancestor(path, listed) || is_same_or_ancestor(listed, path)) {
      hits.push_back({listed, std::string(location.what)});
    }
  }
  return hits;
}

std::string describe_host_executed(std::string_view path, const std::vector<HostExecutedHit>& hits,
                                   std::string_view home) {
  const HostExecutedHit& first = hits.front();
  std::string text = "read-write '" + tilde(path, home) + "' lets the sandbox write " +
                     tilde(first.path, home) + " (" + first.what + ")";
  if (hits.size() > 1) text += " and " + std::to_string(hits.size() - 1) + " more such places";
  return text + ", which the host runs or loads outside the sandbox";
}

std::vector<Diagnostic> host_executed_warnings(const Profile& profile, std::string_view home) {
  std::vector<Diagnostic> warnings;
  for (const PathGrant& grant : profile.rw) {
    const std::vector<HostExecutedHit> hits = host_executed_covered_by(grant.path, home);
    if (hits.empty()) continue;
    warnings.push_back({grant.where, describe_host_executed(grant.path, hits, home)});
  }
  return warnings;
}

}  // namespace sandmux::config

#include "broker/doctor_checks.h"

#include <cctype>
#include <cstdio>

namespace sandmux::broker {
namespace {

CheckResult make(std::string name, CheckStatus status, std::string detail, std::string hint = {}) {
  return CheckResult{std::move(name), status, std::move(detail), std::move(hint)};
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

const char* to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::pass: return "PASS";
    case CheckStatus::warn: return "WARN";
    case CheckStatus::fail: return "FAIL";
  }
  return "FAIL";
}

std::optional<Version> parse_version(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == text.size()) return std::nullopt;
  Version v;
  int* parts[] = {&v.major, &v.minor, &v.patch};
  for (int* part : parts) {
    if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) break;
    *part = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && *part < 100000) {
      *part = *part * 10 + (text[i++] - '0');
    }
    if (i < text.size() && text[i] == '.') ++i;
  }
  if (i < text.size() && std::islower(static_cast<unsigned char>(text[i]))) v.letter = text[i];
  return v;
}

CheckResult check_tmux(const std::optional<std::string>& output) {
  const char* name = "tmux";
  if (!output) return make(name, CheckStatus::fail, "tmux not found in $PATH", "apt-get install tmux");
  const std::optional<Version> version = parse_version(*output);
  if (!version) return make(name, CheckStatus::fail, "cannot read 'tmux -V': " + first_line(*output), "install tmux 3.3a or later");
  if (*version < Version{3, 2}) {
    return make(name, CheckStatus::fail, first_line(*output) + ": control-mode flow control needs 3.2 or later", "install tmux 3.3a or later");
  }
  if (*version < Version{3, 3}) {
    return make(name, CheckStatus::warn, first_line(*output) + ": sandmux is tested with 3.3a", "install tmux 3.3a or later");
  }
  return make(name, CheckStatus::pass, first_line(*output));
}

bool bwrap_binds_fds(const std::string& help) {
  return help.find("--bind-fd") != std::string::npos &&
         help.find("--ro-bind-fd") != std::string::npos;
}

CheckResult check_bwrap(const std::optional<std::string>& output, const std::string& help) {
  const char* name = "bwrap";
  if (!output) return make(name, CheckStatus::fail, "bwrap not found in $PATH: sandmux will not run anything unsandboxed", "apt-get install bubblewrap");
  const std::optional<Version> version = parse_version(*output);
  if (!version || *version < Version{0, 8}) {
    return make(name, CheckStatus::fail, first_line(*output) + ": --disable-userns needs bubblewrap 0.8.0 or later", "install bubblewrap 0.8.0 or later");
  }
  if (!bwrap_binds_fds(help)) {
    return make(name, CheckStatus::warn,
                first_line(*output) + ": no --bind-fd, so the project directory is bound by path (cf. CVE-2024-42472); "
                "sandmux checks where it resolves before launch, but a process racing to swap it for a symlink could redirect the mount",
                "bubblewrap 0.10.0 or later, or Debian 12's 0.8.0-2+deb12u1, binds the checked directory itself");
  }
  return make(name, CheckStatus::pass,
              first_line(*output) + ": has --bind-fd (the project is bound by descriptor, as it was checked)");
}

CheckResult check_grants(const std::vector<std::pair<std::string, std::vector<std::string>>>& profiles) {
  std::string detail;
  bool warning = false;
  for (const auto& [profile, lines] : profiles) {
    detail += "\n        " + profile + ":";
    for (const std::string& line : lines) {
      detail += "\n          " + line;
      warning = warning || line.find("WARNING") != std::string::npos;
    }
  }
  if (!warning) return make("grants", CheckStatus::pass, "what each profile allows:" + detail);
  return make("grants", CheckStatus::warn, "a profile lets a sandbox write what the host runs:" + detail,
              "grant those paths read-only (ro) instead, or drop them");
}

CheckResult check_user_namespaces(bool works, const std::string& error) {
  if (works) return make("user namespaces", CheckStatus::pass, "bwrap can create an unprivileged sandbox");
  return make("user namespaces", CheckStatus::fail, "bwrap cannot create a sandbox: " + first_line(error),
              "enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0; on Ubuntu, an AppArmor profile for bwrap)");
}

CheckResult check_seccomp(bool available, const std::string& error) {
  if (available) return make("seccomp", CheckStatus::pass, "the sandmux filter builds and loads");
  return make("seccomp", CheckStatus::fail, "seccomp unavailable: " + error + "; sandmux refuses to run sandboxes without it",
              "use a kernel with CONFIG_SECCOMP_FILTER and libseccomp 2.5 or later");
}

CheckResult check_landlock(int abi) {
  const std::string detail = "Landlock ABI " + std::to_string(abi);
  if (abi >= 6) {
    return make("landlock", CheckStatus::pass, detail + ": with the network shared, abstract unix sockets and signals are scoped to the sandbox");
  }
  return make("landlock", CheckStatus::warn,
              detail + ": with the network shared, a sandbox can reach the host's abstract unix sockets (such as X11's)",
              "use network mode \"none\" for untrusted tools, or a kernel with Landlock ABI 6 (Linux 6.12) or later");
}

CheckResult check_legacy_tiocsti(const std::optional<int>& value) {
  const char* name = "legacy TIOCSTI";
  if (value && *value == 0) return make(name, CheckStatus::pass, "dev.tty.legacy_tiocsti = 0: no process can inject terminal input");
  const std::string detail = value ? "dev.tty.legacy_tiocsti = 1" : "this kernel always allows TIOCSTI";
  return make(name, CheckStatus::warn, detail + ": sandmux blocks TIOCSTI inside its sandboxes with seccomp, other programs can still inject input into terminals",
              value ? "sysctl -w dev.tty.legacy_tiocsti=0" : "use Linux 6.2 or later and set dev.tty.legacy_tiocsti=0");
}

CheckResult check_socket_base(const std::string& path, const std::string& problem) {
  if (problem.empty()) return make("socket directory", CheckStatus::pass, path + " (0700, yours)");
  return make("socket directory", CheckStatus::fail, path + ": " + problem,
              "remove it or fix its owner and mode (0700), or set socket_dir_base in config.toml");
}

CheckResult check_term(const std::optional<std::string>& term, bool terminfo_found) {
  if (!term || term->empty()) {
    return make("TERM", CheckStatus::warn, "TERM is not set: fine for scripts, full-screen programs in `sandmux run` will not draw", "run from a terminal");
  }
  if (!terminfo_found) {
    return make("TERM", CheckStatus::warn, "TERM=" + *term + " has no terminfo entry in /usr/share/terminfo or /lib/terminfo", "apt-get install ncurses-term, or use TERM=xterm-256color");
  }
  return make("TERM", CheckStatus::pass, "TERM=" + *term + " reaches sandboxed programs unchanged");
}

CheckResult check_profiles(const std::vector<std::pair<std::string, std::vector<std::string>>>& profiles) {
  std::string bad;
  std::string first_error;
  for (const auto& [name, errors] : profiles) {
    if (errors.empty()) continue;
    bad += (bad.empty() ? "" : ", ") + name;
    if (first_error.empty()) first_error = errors.front();
  }
  if (bad.empty()) {
    const std::size_t n = profiles.size();
    return make("profiles", CheckStatus::pass, std::to_string(n) + (n == 1 ? " profile" : " profiles") + " valid");
  }
  return make("profiles", CheckStatus::fail, "invalid: " + bad + " (" + first_error + ")", "sandmux profile check FILE lists every error");
}

}  // namespace sandmux::broker

#pragma once
// sandmux doctor: each check turns what was observed on this machine into a verdict
// with a fix hint. The evaluators here are pure; cmd_doctor.cc does the probing.
#include <optional>
#include <string>
#include <vector>

namespace sandmux::broker {

enum class CheckStatus { pass, warn, fail };
const char* to_string(CheckStatus status);  // "PASS", "WARN", "FAIL"

struct CheckResult {
  std::string name;
  CheckStatus status = CheckStatus::pass;
  std::string detail;
  std::string hint;  // how to fix; empty on PASS
};

/// A dotted version with an optional letter suffix ("3.3a" -> {3, 3, 0, 'a'}).
struct Version {
  int major = 0, minor = 0, patch = 0;
  char letter = 0;
  friend auto operator<=>(const Version&, const Version&) = default;
};
/// The first version number in TEXT ("tmux 3.3a", "bubblewrap 0.8.0").
std::optional<Version> parse_version(const std::string& text);

/// OUTPUT is `tmux -V`'s output, nullopt when tmux is missing.
CheckResult check_tmux(const std::optional<std::string>& output);
/// OUTPUT is `bwrap --version`'s output, nullopt when bwrap is missing; HELP is
/// `bwrap --help`'s, which lists --bind-fd where it exists (Debian 12's 0.8.0 has it,
/// backported with the fix for CVE-2024-42472; upstream has it from 0.10.0).
CheckResult check_bwrap(const std::optional<std::string>& output, const std::string& help);

/// True when bwrap's --help output HELP offers --bind-fd and --ro-bind-fd.
bool bwrap_binds_fds(const std::string& help);

/// One entry per valid profile: its name and one line per grant (describe_grants).
/// WARN when a line carries a warning (a read-write grant the host runs), else PASS.
CheckResult check_grants(const std::vector<std::pair<std::string, std::vector<std::string>>>& profiles);
/// Whether bwrap could create a sandbox (user namespace) here, with its error text.
CheckResult check_user_namespaces(bool works, const std::string& error);
CheckResult check_seccomp(bool available, const std::string& error);
/// ABI is the kernel's Landlock ABI version (0: none).
CheckResult check_landlock(int abi);
/// VALUE is /proc/sys/dev/tty/legacy_tiocsti (nullopt: the kernel has no such switch).
CheckResult check_legacy_tiocsti(const std::optional<int>& value);
/// PROBLEM is empty when the socket base directory is usable (or can be created).
CheckResult check_socket_base(const std::string& path, const std::string& problem);
CheckResult check_term(const std::optional<std::string>& term, bool terminfo_found);
/// One entry per profile: its name and its errors (empty when valid).
CheckResult check_profiles(const std::vector<std::pair<std::string, std::vector<std::string>>>& profiles);

}  // namespace sandmux::broker

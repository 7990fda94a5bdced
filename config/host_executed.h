#pragma once
// Places under the home directory that the host later executes or loads as
// configuration: directories on PATH and the trees their programs live in, shell
// startup files, git, editor, systemd-user and autostart configuration, and the plugin
// and binary directories of tools. A sandbox that may write one of them can make the
// user's own, unsandboxed programs run its code. Pure: no file system access.
//
// A grant covers a location when one is the same as or an ancestor of the other:
// read-write ~ or ~/.config reaches ~/.config/systemd, and read-write ~/.bun/bin/x is
// still inside a directory on PATH.
#include <string>
#include <string_view>
#include <vector>

#include "config/profile.h"

namespace sandmux::config {

/// One listed location: a path relative to the home directory and what the host does
/// with it ("a directory on PATH", "shell startup file", ...).
struct HostExecutedLocation {
  std::string_view relative;  // never starts with '/'
  std::string_view what;
};

/// The whole list, in a stable order.
const std::vector<HostExecutedLocation>& host_executed_locations();

/// A listed location under a concrete home: its absolute path and what it is.
struct HostExecutedHit {
  std::string path;
  std::string what;
};

/// The listed locations under HOME (absolute, normalised) that a read-write grant of
/// PATH (absolute, normalised) covers; empty when the grant is harmless in this sense.
std::vector<HostExecutedHit> host_executed_covered_by(std::string_view path,
                                                      std::string_view home);

/// One line for a warning or an error: "'~/.bun' lets the sandbox write ~/.bun/bin (a
/// directory on PATH)", naming the first hit and how many more there are. HITS is not
/// empty; HOME abbreviates paths back to '~'.
std::string describe_host_executed(std::string_view path, const std::vector<HostExecutedHit>& hits,
                                   std::string_view home);

/// One warning per read-write grant of PROFILE that covers a listed location, located
/// where the grant was written: what `profile check` and `profile show` print.
std::vector<Diagnostic> host_executed_warnings(const Profile& profile, std::string_view home);

}  // namespace sandmux::config

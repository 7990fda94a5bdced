#pragma once
// Path logic for the launch plan, pure over a HostFs: lexical normalization,
// realpath-like resolution that remembers every symlink it followed, and the rule that
// a bind may not pass through a symlink that sandboxed code could have planted.
//
// Why: a profile grant is bound at the path the user wrote (so programs find it where
// they look) from its canonical source. A symlink on the way is harmless when only the
// user could have made it, but one inside a read-write grant may have been planted by
// an earlier sandbox to redirect a later bind (e.g. <project>/.git/hooks -> ~/.ssh).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/host_fs.h"

namespace sandmux::sandbox {

/// Lexically normalizes an absolute path: collapses repeated '/', "." and ".." (never
/// above "/") and drops a trailing '/'. Throws SandboxError for an empty or relative path.
std::string normalize_path(std::string_view path);

/// True when PATH is ROOT or lies below it (both normalized).
bool path_within(std::string_view path, std::string_view root);

/// The parent directory of a normalized path ("/" for "/" and "/x").
std::string parent_path(std::string_view path);

struct Resolution {
  std::string canonical;               // every symlink resolved; missing tail kept lexically
  bool exists = false;                 // the whole path exists (through its symlinks)
  std::vector<std::string> symlinks;  // each symlink followed, as its own real location
};

/// Resolves PATH (absolute) like realpath(3), but also when it is missing. Throws
/// SandboxError on a symlink loop (more than 40 links).
Resolution resolve_path(std::string_view path, const HostFs& fs);

/// The first of RESOLUTION's symlinks that sits inside one of WRITABLE (canonical
/// directories the sandbox can write), or nullopt.
std::optional<std::string> symlink_in_writable(const Resolution& resolution,
                                               const std::vector<std::string>& writable);

}  // namespace sandmux::sandbox

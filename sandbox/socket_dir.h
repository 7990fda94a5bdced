#pragma once
// Private directories for jail sockets and state, created and checked without following
// symlinks. Whoever else can write to the parent (another user in /tmp, or sandboxed
// code in a directory it can write) may have planted a symlink, a directory of their own
// or one with loose permissions there; each of those is refused with a clear message.
#include <string>

#include "sandbox/jail_paths.h"
#include "sandbox/unique_fd.h"

namespace sandmux::sandbox {

/// Creates directory NAME in PARENT_FD with mode 0700 when missing (mkdirat), then checks
/// it with fstatat(AT_SYMLINK_NOFOLLOW): it must be a directory (not a symlink), owned by
/// UID, with no group or other permission bits. Returns it opened O_DIRECTORY|O_NOFOLLOW
/// (and checked to be the same inode). DISPLAY names it in messages. Throws SandboxError
/// for a refusal, std::system_error for other failures.
UniqueFd open_private_dir(int parent_fd, const std::string& name, unsigned uid,
                          const std::string& display);

/// Opens PATH's parent (which must exist) and applies open_private_dir to its last
/// component.
UniqueFd open_private_dir_path(const std::string& path, unsigned uid);

/// Creates and checks the base, the socket directory and the state directory of PATHS.
/// Returns the socket directory's fd.
UniqueFd prepare_jail_dirs(const JailPaths& paths, unsigned uid);

/// Creates DIR and its missing parents with mode 0700 (existing ones are left alone).
/// Throws std::system_error naming DIR.
void create_directories(const std::string& dir);

}  // namespace sandmux::sandbox

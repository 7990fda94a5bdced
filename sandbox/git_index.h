#pragma once
// The submodule entries (gitlinks) of a git index file. Pure: bytes in, paths out.
//
// Why: host `git status` recurses into every gitlink whose directory holds a `.git`, so
// an unpopulated submodule's directory is where a sandbox would plant one. Versions 2, 3
// and 4 (prefix-compressed paths) of the format; HASH_SIZE is 20 (SHA-1) or 32
// (SHA-256). A malformed index ends the list: host git refuses such an index too.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sandmux::sandbox {

inline constexpr std::size_t kSha1Size = 20;
inline constexpr std::size_t kSha256Size = 32;

/// The paths (relative to the worktree) of INDEX's entries with mode 160000.
std::vector<std::string> index_gitlinks(std::string_view index, std::size_t hash_size);

}  // namespace sandmux::sandbox

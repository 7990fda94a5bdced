#pragma once
// What the plan builder may ask about the host's file system: lstat, readlink, a
// directory's entries and a small file's bytes, nothing else; never a write. The real
// implementation asks the kernel; unit tests use a map (FakeHostFs in
// tests/unit/sandbox/fake_host_fs.h), so plan building stays pure and deterministic.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace sandmux::sandbox {

enum class FileKind { missing, directory, regular, symlink, other };

struct DirEntry {
  std::string name;
  FileKind kind = FileKind::missing;  // as lstat(2) sees it: a symlink stays a symlink
};

struct FileStat {
  FileKind kind = FileKind::missing;
  unsigned mode = 0;  // permission bits only (07777)
  unsigned uid = 0;
};

class HostFs {
 public:
  virtual ~HostFs() = default;
  /// lstat(2) of an absolute PATH: never follows a final symlink. Missing (or
  /// unreachable) paths give FileKind::missing.
  virtual FileStat lstat(const std::string& path) const = 0;
  /// The target of the symlink at PATH, as stored; empty when PATH is no symlink.
  virtual std::string read_link(const std::string& path) const = 0;
  /// The entries of the directory at PATH (not "." or ".."), in no particular order;
  /// empty when PATH is no directory. Never follows a final symlink.
  virtual std::vector<DirEntry> list_dir(const std::string& path) const = 0;
  /// The bytes of the regular file at PATH (a final symlink is not followed), or nullopt
  /// when it is missing, no regular file, unreadable or longer than LIMIT bytes.
  virtual std::optional<std::string> read_file(const std::string& path,
                                               std::size_t limit) const = 0;
};

/// The kernel's view.
class RealHostFs : public HostFs {
 public:
  FileStat lstat(const std::string& path) const override;
  std::string read_link(const std::string& path) const override;
  std::vector<DirEntry> list_dir(const std::string& path) const override;
  std::optional<std::string> read_file(const std::string& path,
                                       std::size_t limit) const override;
};

}  // namespace sandmux::sandbox

#pragma once
// What the plan builder may ask about the host's file system: lstat and readlink, nothing
// else. The real implementation asks the kernel; unit tests use a map (FakeHostFs in
// tests/unit/sandbox/fake_host_fs.h), so plan building stays pure and deterministic.
#include <string>

namespace sandmux::sandbox {

enum class FileKind { missing, directory, regular, symlink, other };

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
};

/// The kernel's view.
class RealHostFs : public HostFs {
 public:
  FileStat lstat(const std::string& path) const override;
  std::string read_link(const std::string& path) const override;
};

}  // namespace sandmux::sandbox

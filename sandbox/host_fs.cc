#include "sandbox/host_fs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <vector>

namespace sandmux::sandbox {

FileStat RealHostFs::lstat(const std::string& path) const {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return {};
  FileStat result;
  result.mode = st.st_mode & 07777;
  result.uid = st.st_uid;
  if (S_ISDIR(st.st_mode)) {
    result.kind = FileKind::directory;
  } else if (S_ISREG(st.st_mode)) {
    result.kind = FileKind::regular;
  } else if (S_ISLNK(st.st_mode)) {
    result.kind = FileKind::symlink;
  } else {
    result.kind = FileKind::other;
  }
  return result;
}

std::string RealHostFs::read_link(const std::string& path) const {
  std::vector<char> buffer(4096);
  for (;;) {
    const ssize_t n = ::readlink(path.c_str(), buffer.data(), buffer.size());
    if (n < 0) return {};
    if (static_cast<std::size_t>(n) < buffer.size()) return std::string(buffer.data(), n);
    buffer.resize(buffer.size() * 2);
  }
}

}  // namespace sandmux::sandbox

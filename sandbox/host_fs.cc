#include "sandbox/host_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

#include "sandbox/unique_fd.h"

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

std::vector<DirEntry> RealHostFs::list_dir(const std::string& path) const {
  std::vector<DirEntry> entries;
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return entries;
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    ::close(fd);
    return entries;
  }
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    FileKind kind = FileKind::other;
    switch (entry->d_type) {
      case DT_DIR: kind = FileKind::directory; break;
      case DT_REG: kind = FileKind::regular; break;
      case DT_LNK: kind = FileKind::symlink; break;
      case DT_UNKNOWN: kind = lstat(path + "/" + name).kind; break;
      default: break;
    }
    entries.push_back({name, kind});
  }
  ::closedir(dir);
  return entries;
}

std::optional<std::string> RealHostFs::read_file(const std::string& path,
                                                 std::size_t limit) const {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  struct stat st {};
  if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  if (static_cast<std::size_t>(st.st_size) > limit) return std::nullopt;
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) return std::nullopt;
    if (n == 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > limit) return std::nullopt;
  }
}

}  // namespace sandmux::sandbox

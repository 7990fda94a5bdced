#include "sandbox/socket_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

#include "sandbox/errors.h"
#include "sandbox/path_check.h"

namespace sandmux::sandbox {
namespace {

std::system_error os_error(const std::string& what) {
  return std::system_error(errno, std::generic_category(), what);
}

std::string octal(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777);
  return text;
}

void check_private(const struct stat& st, unsigned uid, const std::string& display) {
  if (S_ISLNK(st.st_mode)) {
    throw SandboxError("refusing directory '" + display + "': it is a symlink");
  }
  if (!S_ISDIR(st.st_mode)) {
    throw SandboxError("refusing directory '" + display + "': it is not a directory");
  }
  if (st.st_uid != uid) {
    throw SandboxError("refusing directory '" + display + "': it is owned by uid " +
                       std::to_string(st.st_uid) + ", not by you (uid " +
                       std::to_string(uid) + ")");
  }
  if ((st.st_mode & 077) != 0) {
    throw SandboxError("refusing directory '" + display + "': mode " + octal(st.st_mode) +
                       " gives group or other access; it must be 0700");
  }
}

}  // namespace

UniqueFd open_private_dir(int parent_fd, const std::string& name, unsigned uid,
                          const std::string& display) {
  if (::mkdirat(parent_fd, name.c_str(), 0700) != 0 && errno != EEXIST) {
    throw os_error("cannot create directory '" + display + "'");
  }
  struct stat before {};
  if (::fstatat(parent_fd, name.c_str(), &before, AT_SYMLINK_NOFOLLOW) != 0) {
    throw os_error("cannot stat '" + display + "'");
  }
  check_private(before, uid, display);
  UniqueFd fd(::openat(parent_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) throw os_error("cannot open directory '" + display + "'");
  struct stat after {};
  if (::fstat(fd.get(), &after) != 0) throw os_error("cannot stat '" + display + "'");
  if (after.st_dev != before.st_dev || after.st_ino != before.st_ino) {
    throw SandboxError("refusing directory '" + display + "': it changed while being checked");
  }
  check_private(after, uid, display);
  return fd;
}

UniqueFd open_private_dir_path(const std::string& path, unsigned uid) {
  const std::string normalized = normalize_path(path);
  if (normalized == "/") throw SandboxError("refusing '/' as a private directory");
  const std::string parent = parent_path(normalized);
  UniqueFd parent_fd(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!parent_fd) throw os_error("cannot open directory '" + parent + "'");
  return open_private_dir(parent_fd.get(), normalized.substr(normalized.rfind('/') + 1), uid,
                          normalized);
}

UniqueFd prepare_jail_dirs(const JailPaths& paths, unsigned uid) {
  UniqueFd base = open_private_dir_path(paths.base, uid);
  open_private_dir(base.get(), paths.name + ".state", uid, paths.state_dir);
  return open_private_dir(base.get(), paths.name, uid, paths.socket_dir);
}

void create_directories(const std::string& dir) {
  const std::string normalized = normalize_path(dir);
  if (normalized == "/") return;
  create_directories(parent_path(normalized));
  if (::mkdir(normalized.c_str(), 0700) != 0 && errno != EEXIST) {
    throw os_error("cannot create directory '" + normalized + "'");
  }
}

}  // namespace sandmux::sandbox

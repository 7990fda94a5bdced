// The helper is a forked child: setns() into a user namespace needs a single-threaded
// caller, and the broker has threads. bwrap's --disable-userns puts the sandbox in a
// nested user namespace below the one that owns its mount namespace, so the helper
// joins the parent of the sandbox's user namespace (NS_GET_PARENT), then the mount
// namespace. A remount may not clear flags bwrap set (nosuid, nodev): they are kept.
// A remount read-only fails with EBUSY while a write on the mount is in progress.
#include "sandbox/socket_dir_seal.h"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sandbox/errors.h"

namespace sandmux::sandbox {
namespace {

enum Step { kOk, kOpen, kParent, kJoinUser, kJoinMount, kStat, kRemount, kCount };
constexpr const char* kStepNames[kCount] = {
    "",  "open the sandbox's namespaces", "find its parent user namespace",
    "join its user namespace", "join its mount namespace", "stat the socket directory",
    "remount the socket directory read-only"};

unsigned long kept_flags(const struct statvfs& st) {
  unsigned long flags = 0;
  if (st.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (st.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (st.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (st.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (st.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (st.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  return flags;
}

// In the child: returns the step that failed (its errno in *error), or kOk.
Step seal_in_child(pid_t pid, const char* inside, int* error) {
  const std::string proc = "/proc/" + std::to_string(pid) + "/ns/";
  const int user = ::open((proc + "user").c_str(), O_RDONLY | O_CLOEXEC);
  const int mount_ns = ::open((proc + "mnt").c_str(), O_RDONLY | O_CLOEXEC);
  *error = errno;
  if (user < 0 || mount_ns < 0) return kOpen;
  const int parent = ::ioctl(user, NS_GET_PARENT);
  *error = errno;
  if (parent < 0) return kParent;
  if (::setns(parent, CLONE_NEWUSER) != 0) return *error = errno, kJoinUser;
  if (::setns(mount_ns, CLONE_NEWNS) != 0) return *error = errno, kJoinMount;
  struct statvfs st {};
  if (::statvfs(inside, &st) != 0) return *error = errno, kStat;
  const unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY | kept_flags(st);
  // EBUSY: a write on the mount is under way (the new server still setting up its socket);
  // it ends within milliseconds, so the remount is tried again for up to a second.
  for (int attempt = 0; ::mount(nullptr, inside, nullptr, flags, nullptr) != 0; ++attempt) {
    if (errno != EBUSY || attempt == 200) return *error = errno, kRemount;
    ::usleep(5000);
  }
  return kOk;
}

}  // namespace

void seal_socket_dir(pid_t sandbox_pid, const std::string& inside) {
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) throw SandboxError(std::string("pipe: ") + std::strerror(errno));
  const pid_t child = ::fork();
  if (child < 0) throw SandboxError(std::string("fork: ") + std::strerror(errno));
  if (child == 0) {
    int error = 0;
    const int result[2] = {seal_in_child(sandbox_pid, inside.c_str(), &error), error};
    [[maybe_unused]] const ssize_t n = ::write(report[1], result, sizeof result);
    _exit(0);
  }
  ::close(report[1]);
  int result[2] = {kOpen, EIO};
  const ssize_t n = ::read(report[0], result, sizeof result);
  ::close(report[0]);
  while (::waitpid(child, nullptr, 0) < 0 && errno == EINTR) {
  }
  if (n == static_cast<ssize_t>(sizeof result) && result[0] == kOk) return;
  const int step = result[0] > kOk && result[0] < kCount ? result[0] : kOpen;
  throw SandboxError(std::string("cannot seal the jail's socket directory: could not ") +
                     kStepNames[step] + ": " + std::strerror(result[1]));
}

}  // namespace sandmux::sandbox

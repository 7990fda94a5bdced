// The exported filter loads, and each deny row answers as the table says. Every probe
// runs in a forked child that installs the filter itself (no bwrap, no tmux, no network).
#include "sandbox/seccomp_filter.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/kernel_abi.h"

namespace sandmux::sandbox {
namespace {

using sandmux::testing::signal_ending_a_filtered_i386_call;

constexpr long kX32SyscallBit = 0x40000000;
constexpr int kI386Getpid = 20;

/// How a probe ended in the filtered child: the errno it saw (0 for success) or a signal.
struct Outcome {
  int error = -1;
  int signal = 0;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

Outcome answered(int error) { return Outcome{error, 0}; }
Outcome killed(int signal) { return Outcome{-1, signal}; }

void PrintTo(const Outcome& outcome, std::ostream* os) {
  if (outcome.signal)
    *os << "killed by " << strsignal(outcome.signal);
  else
    *os << "errno " << outcome.error << " ("
        << (outcome.error ? strerrorname_np(outcome.error) : "ok") << ")";
}

/// 0 when a call returning RC succeeded, else the errno it set (RC -1).
int errno_of(long rc) { return rc < 0 ? errno : 0; }

/// Runs CALL in a child under the filter exported for EXTRA_DENY.
Outcome run_filtered(const std::function<int()>& call,
                     const std::vector<std::string>& extra_deny = {}) {
  UniqueFd fd = export_seccomp_filter(extra_deny);
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) return Outcome{};
  std::vector<sock_filter> program(static_cast<std::size_t>(st.st_size) / sizeof(sock_filter));
  if (pread(fd.get(), program.data(), static_cast<std::size_t>(st.st_size), 0) != st.st_size)
    return Outcome{};

  const pid_t pid = fork();
  if (pid == 0) {
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    const sock_fprog prog{static_cast<unsigned short>(program.size()), program.data()};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
      _exit(255);
    _exit(call());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return killed(WTERMSIG(status));
  return answered(WEXITSTATUS(status));
}

int i386_getpid() {
  long rc = kI386Getpid;
  asm volatile("int $0x80" : "+a"(rc) : : "memory");
  return rc < 0 ? static_cast<int>(-rc) : 0;
}

int fork_and_wait() {
  const pid_t pid = fork();
  if (pid < 0) return errno;
  if (pid == 0) _exit(0);
  int status = 0;
  return waitpid(pid, &status, 0) == pid && WIFEXITED(status) ? 0 : ECHILD;
}

int clone_with(unsigned long flags) {
  const long pid = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
  if (pid < 0) return errno;
  if (pid == 0) _exit(0);
  waitpid(static_cast<pid_t>(pid), nullptr, 0);
  return 0;
}

int socket_of(int family, int type) {
  const int fd = socket(family, type, 0);
  if (fd < 0) return errno;
  close(fd);
  return 0;
}

struct Case {
  const char* name;
  std::function<int()> call;
  Outcome expected;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> table = {
      // Attacks.
      {"TiocstiIsEperm",
       [] {
         char c = 'x';
         return errno_of(ioctl(-1, TIOCSTI, &c));
       },
       answered(EPERM)},
      {"TiocstiWithHighBitIsEperm",
       [] {
         char c = 'x';
         return errno_of(syscall(SYS_ioctl, -1, 0x100000000UL | TIOCSTI, &c));
       },
       answered(EPERM)},
      {"TioclinuxIsEperm",
       [] {
         char c = 6;
         return errno_of(ioctl(-1, TIOCLINUX, &c));
       },
       answered(EPERM)},
      {"PtraceTracemeIsEperm", [] { return errno_of(ptrace(PTRACE_TRACEME, 0, nullptr, nullptr)); },
       answered(EPERM)},
      {"Clone3IsEnosys", [] { return errno_of(syscall(SYS_clone3, nullptr, 0)); },
       answered(ENOSYS)},
      {"CloneNewuserIsEperm", [] { return clone_with(CLONE_NEWUSER); }, answered(EPERM)},
      {"UnshareIsEperm", [] { return errno_of(unshare(CLONE_NEWNS)); }, answered(EPERM)},
      {"MountIsEperm", [] { return errno_of(mount("none", "/", "tmpfs", 0, nullptr)); },
       answered(EPERM)},
      {"FsopenIsEnosys", [] { return errno_of(syscall(SYS_fsopen, "tmpfs", 0)); },
       answered(ENOSYS)},
      {"IoUringSetupIsEperm", [] { return errno_of(syscall(SYS_io_uring_setup, 1, nullptr)); },
       answered(EPERM)},
      {"KeyctlIsEperm", [] { return errno_of(syscall(SYS_keyctl, 0, 0, 0, 0, 0)); },
       answered(EPERM)},
      {"PersonalityLinux32IsEperm", [] { return errno_of(personality(PER_LINUX32)); },
       answered(EPERM)},
      {"PersonalityHighBitsDoNotHideLinux32",
       [] { return errno_of(syscall(SYS_personality, 0x100000000UL | PER_LINUX32)); },
       answered(EPERM)},
      {"PersonalityTopBitAloneIsEperm",
       [] { return errno_of(syscall(SYS_personality, 0x80000000UL)); }, answered(EPERM)},
      {"PersonalityAllButBottomBitIsEperm",
       [] { return errno_of(syscall(SYS_personality, 0xfffffffeUL)); }, answered(EPERM)},
      {"PersonalityAddrNoRandomizeIsEperm", [] { return errno_of(personality(ADDR_NO_RANDOMIZE)); },
       answered(EPERM)},
      {"SocketNetlinkIsEafnosupport", [] { return socket_of(AF_NETLINK, SOCK_RAW); },
       answered(EAFNOSUPPORT)},
      {"SocketPacketIsEafnosupport", [] { return socket_of(AF_PACKET, SOCK_RAW); },
       answered(EAFNOSUPPORT)},
      {"SocketVsockIsEafnosupport", [] { return socket_of(AF_VSOCK, SOCK_STREAM); },
       answered(EAFNOSUPPORT)},
      {"SocketUnspecIsEafnosupport", [] { return socket_of(AF_UNSPEC, SOCK_STREAM); },
       answered(EAFNOSUPPORT)},
      {"SocketUnixWithHighBitIsEafnosupport",
       [] { return errno_of(syscall(SYS_socket, 0x100000000UL | AF_UNIX, SOCK_STREAM, 0)); },
       answered(EAFNOSUPPORT)},
      {"SocketpairNetlinkIsEafnosupport",
       [] {
         int fds[2];
         return errno_of(socketpair(AF_NETLINK, SOCK_RAW, 0, fds));
       },
       answered(EAFNOSUPPORT)},
      {"I386SyscallNeverRuns", [] { return i386_getpid(); },
       killed(signal_ending_a_filtered_i386_call())},
      {"X32SyscallIsKilled", [] { return errno_of(syscall(kX32SyscallBit | SYS_getpid)); },
       killed(SIGSYS)},
      {"X32OnlySyscallIsKilled",  // x32's own ioctl, 514 with the x32 bit
       [] { return errno_of(syscall(kX32SyscallBit | 514, -1, TIOCGWINSZ, nullptr)); },
       killed(SIGSYS)},
      {"MinusOneSyscallIsNotMistakenForX32", [] { return errno_of(syscall(-1)); },
       answered(ENOSYS)},
      // Benign controls: the filter must not over-block.
      {"GetpidIsAllowed", [] { return errno_of(syscall(SYS_getpid)); }, answered(0)},
      {"ForkIsAllowed", [] { return fork_and_wait(); }, answered(0)},
      {"CloneWithoutNewuserIsAllowed", [] { return clone_with(0); }, answered(0)},
      {"PersonalityQueryIsAllowed", [] { return errno_of(personality(0xffffffff)); }, answered(0)},
      {"PersonalityLinuxIsAllowed", [] { return errno_of(personality(PER_LINUX)); }, answered(0)},
      {"OtherIoctlReachesTheKernel",
       [] {
         winsize ws{};
         return errno_of(ioctl(-1, TIOCGWINSZ, &ws));
       },
       answered(EBADF)},
      {"SocketUnixIsAllowed", [] { return socket_of(AF_UNIX, SOCK_STREAM); }, answered(0)},
      {"SocketInetIsAllowed", [] { return socket_of(AF_INET, SOCK_DGRAM); }, answered(0)},
      {"SocketInet6IsAllowed", [] { return socket_of(AF_INET6, SOCK_DGRAM); }, answered(0)},
      {"SocketpairUnixIsAllowed",
       [] {
         int fds[2];
         return errno_of(socketpair(AF_UNIX, SOCK_STREAM, 0, fds));
       },
       answered(0)},
  };
  return table;
}

void PrintTo(const Case& row, std::ostream* os) { *os << row.name; }

class SeccompFilterProbe : public ::testing::TestWithParam<Case> {};

TEST_P(SeccompFilterProbe, AnswersAsTheTableSays) {
  EXPECT_EQ(run_filtered(GetParam().call), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Builtin, SeccompFilterProbe, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& row) {
                           return std::string(row.param.name);
                         });

TEST(SeccompFilter, ExportsASealedInheritableProgramAtOffsetZero) {
  UniqueFd fd = export_seccomp_filter({});
  ASSERT_TRUE(fd.valid());
  EXPECT_EQ(lseek(fd.get(), 0, SEEK_CUR), 0);
  EXPECT_EQ(fcntl(fd.get(), F_GETFD) & FD_CLOEXEC, 0);
  EXPECT_EQ(fcntl(fd.get(), F_GET_SEALS), F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
  struct stat st {};
  ASSERT_EQ(fstat(fd.get(), &st), 0);
  EXPECT_GT(st.st_size, 0);
  EXPECT_EQ(st.st_size % static_cast<off_t>(sizeof(sock_filter)), 0);
  EXPECT_LE(st.st_size / static_cast<off_t>(sizeof(sock_filter)), BPF_MAXINSNS);
}

TEST(SeccompFilter, UnknownExtraSyscallIsAnError) {
  try {
    export_seccomp_filter({"getpid", "xyz"});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "unknown syscall 'xyz' in seccomp.deny");
  }
}

TEST(SeccompFilter, PseudoSyscallOfAnotherArchitectureIsUnknown) {
  EXPECT_THROW(export_seccomp_filter({"socketcall"}), std::invalid_argument);
}

TEST(SeccompFilter, ExtraDenyAnswersEperm) {
  EXPECT_EQ(run_filtered(
                [] {
                  char buf[64];
                  return errno_of(syscall(SYS_getcwd, buf, sizeof buf));
                },
                {"getcwd"}),
            answered(EPERM));
  EXPECT_EQ(run_filtered([] {
              char buf[64];
              return errno_of(syscall(SYS_getcwd, buf, sizeof buf));
            }),
            answered(0));
}

TEST(SeccompFilter, ExtraDenyKeepsBuiltinAnswers) {
  EXPECT_EQ(
      run_filtered([] { return errno_of(syscall(SYS_clone3, nullptr, 0)); }, {"clone3", "ptrace"}),
      answered(ENOSYS));
}

TEST(SeccompFilter, ExtraDenyOfAConditionalSyscallDeniesEveryCall) {
  EXPECT_EQ(run_filtered([] { return socket_of(AF_UNIX, SOCK_STREAM); }, {"socket"}),
            answered(EPERM));
}

TEST(SeccompFilter, EveryRowNamesASyscallLibseccompKnows) {
  for (const DenyRule& rule : builtin_deny_rules())
    EXPECT_NE(seccomp_syscall_resolve_name(std::string(rule.syscall).c_str()), __NR_SCMP_ERROR)
        << rule.syscall;
}

TEST(SeccompFilter, TableCoversTheIssueList) {
  std::set<std::string> names;
  for (const DenyRule& rule : builtin_deny_rules()) names.emplace(rule.syscall);
  for (const char* name : {"mount",
                           "umount2",
                           "pivot_root",
                           "chroot",
                           "unshare",
                           "setns",
                           "clone",
                           "add_key",
                           "request_key",
                           "keyctl",
                           "syslog",
                           "uselib",
                           "acct",
                           "quotactl",
                           "mbind",
                           "migrate_pages",
                           "move_pages",
                           "set_mempolicy",
                           "ptrace",
                           "perf_event_open",
                           "process_vm_readv",
                           "process_vm_writev",
                           "io_uring_setup",
                           "io_uring_enter",
                           "io_uring_register",
                           "bpf",
                           "userfaultfd",
                           "kexec_load",
                           "kexec_file_load",
                           "init_module",
                           "finit_module",
                           "delete_module",
                           "open_by_handle_at",
                           "fanotify_init",
                           "swapon",
                           "swapoff",
                           "personality",
                           "ioctl",
                           "clone3",
                           "open_tree",
                           "move_mount",
                           "fsopen",
                           "fsconfig",
                           "fsmount",
                           "fspick",
                           "mount_setattr",
                           "socket"})
    EXPECT_TRUE(names.contains(name)) << name;
}

TEST(SeccompFilter, DescribesConditionsInWords) {
  std::vector<std::string> described;
  for (const DenyRule& rule : builtin_deny_rules())
    if (rule.syscall == "clone" || rule.syscall == "ioctl" || rule.syscall == "personality" ||
        rule.syscall == "socket" || rule.syscall == "ptrace")
      described.push_back(std::string(rule.syscall) + ": " + describe_condition(rule));
  EXPECT_EQ(described, (std::vector<std::string>{
                           "clone: arg0 has 0x10000000 set",
                           "ptrace: always",
                           "personality: arg0 low 32 bits not 0 or 0xffffffff",
                           "ioctl: arg1 low 32 bits == 0x5412",
                           "ioctl: arg1 low 32 bits == 0x541c",
                           "socket: arg0 not AF_UNIX, AF_INET or AF_INET6",
                       }));
}

TEST(SeccompFilter, IsAvailableOnThisKernel) { EXPECT_TRUE(seccomp_available()); }

}  // namespace
}  // namespace sandmux::sandbox

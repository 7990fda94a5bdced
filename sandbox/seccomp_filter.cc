// The built-in deny table and its translation into a libseccomp filter.
//
// Every conditional row becomes one or more libseccomp rules of a single comparison each;
// the row matches when any of them does. libseccomp cannot compare one argument twice in a
// rule, so "not one of these values" is spelled as a union of single comparisons.
#include "sandbox/seccomp_filter.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <system_error>

namespace sandmux::sandbox {
namespace {

constexpr std::uint64_t kLow32 = 0xffffffffu;
constexpr std::uint32_t kX32SyscallBit = 0x40000000u;  // __X32_SYSCALL_BIT
constexpr int kAllowedFamilies[] = {AF_UNIX, AF_INET, AF_INET6};  // ascending

constexpr DenyRule always(std::string_view name, int error, std::string_view reason) {
  return DenyRule{name, error, DenyWhen::always, 0, 0, reason};
}

constexpr DenyRule when(std::string_view name, int error, DenyWhen condition, unsigned arg,
                        std::uint64_t value, std::string_view reason) {
  return DenyRule{name, error, condition, arg, value, reason};
}

constexpr DenyRule kDenyRules[] = {
    // The flatpak set.
    always("mount", EPERM, "no new mounts: the sandbox's view is fixed by bwrap"),
    always("umount", EPERM, "no unmounting what bwrap mounted over (absent on x86_64)"),
    always("umount2", EPERM, "no unmounting what bwrap mounted over"),
    always("pivot_root", EPERM, "no changing the root"),
    always("chroot", EPERM, "no changing the root"),
    always("unshare", EPERM, "no new namespaces inside the sandbox"),
    always("setns", EPERM, "no joining other namespaces"),
    when("clone", EPERM, DenyWhen::flag_set, 0, CLONE_NEWUSER, "no user namespaces through clone"),
    always("add_key", EPERM, "the kernel keyring is not namespaced"),
    always("request_key", EPERM, "the kernel keyring is not namespaced"),
    always("keyctl", EPERM, "the kernel keyring is not namespaced"),
    always("syslog", EPERM, "the kernel log leaks host information"),
    always("uselib", EPERM, "obsolete loader call"),
    always("acct", EPERM, "process accounting is host-wide"),
    always("quotactl", EPERM, "disk quotas are host-wide"),
    always("quotactl_fd", EPERM, "disk quotas are host-wide"),
    always("mbind", EPERM, "NUMA policy is host tuning"),
    always("migrate_pages", EPERM, "NUMA policy is host tuning"),
    always("move_pages", EPERM, "NUMA policy is host tuning"),
    always("set_mempolicy", EPERM, "NUMA policy is host tuning"),
    always("get_mempolicy", EPERM, "NUMA policy is host tuning"),
    always("set_mempolicy_home_node", EPERM, "NUMA policy is host tuning"),
    // Always, whatever the profile.
    always("ptrace", EPERM, "no debugging other processes or the launcher"),
    always("perf_event_open", EPERM, "performance counters leak host activity"),
    always("process_vm_readv", EPERM, "no reading other processes' memory"),
    always("process_vm_writev", EPERM, "no writing other processes' memory"),
    // Large kernel attack surface with no use in a coding sandbox.
    always("io_uring_setup", EPERM, "io_uring bypasses per-syscall filtering"),
    always("io_uring_enter", EPERM, "io_uring bypasses per-syscall filtering"),
    always("io_uring_register", EPERM, "io_uring bypasses per-syscall filtering"),
    always("bpf", EPERM, "eBPF is kernel attack surface"),
    always("userfaultfd", EPERM, "a classic exploit primitive"),
    always("kexec_load", EPERM, "no loading a new kernel"),
    always("kexec_file_load", EPERM, "no loading a new kernel"),
    always("init_module", EPERM, "no kernel modules"),
    always("finit_module", EPERM, "no kernel modules"),
    always("delete_module", EPERM, "no kernel modules"),
    always("open_by_handle_at", EPERM, "file handles reach past bind mounts"),
    always("fanotify_init", EPERM, "filesystem-wide watching"),
    always("swapon", EPERM, "swap is host-wide"),
    always("swapoff", EPERM, "swap is host-wide"),
    when("personality", EPERM, DenyWhen::personality_not_default, 0, 0,
         "no other execution domains (PER_LINUX and the 0xffffffff query stay)"),
    // Terminal injection: compared on the low 32 bits, as the kernel reads the request.
    when("ioctl", EPERM, DenyWhen::low32_equals, 1, TIOCSTI, "TIOCSTI types into the terminal"),
    when("ioctl", EPERM, DenyWhen::low32_equals, 1, TIOCLINUX, "TIOCLINUX pastes into a console"),
    // Answer ENOSYS so that callers fall back to the filterable older calls.
    always("clone3", ENOSYS, "its flags live in memory seccomp cannot read"),
    always("open_tree", ENOSYS, "the new mount API"),
    always("move_mount", ENOSYS, "the new mount API"),
    always("fsopen", ENOSYS, "the new mount API"),
    always("fsconfig", ENOSYS, "the new mount API"),
    always("fsmount", ENOSYS, "the new mount API"),
    always("fspick", ENOSYS, "the new mount API"),
    always("mount_setattr", ENOSYS, "the new mount API"),
    // Only UNIX, INET and INET6 sockets; socketpair too, although only AF_UNIX (and
    // AF_TIPC) implement it, so the family check cannot be sidestepped there.
    when("socket", EAFNOSUPPORT, DenyWhen::socket_family_not_allowed, 0, 0,
         "netlink, packet, vsock, bluetooth, ... are kernel attack surface"),
    when("socketpair", EAFNOSUPPORT, DenyWhen::socket_family_not_allowed, 0, 0, "as socket"),
};

/// RAII owner of a libseccomp filter context.
class FilterContext {
 public:
  FilterContext() : m_ctx(seccomp_init(SCMP_ACT_ALLOW)) {
    if (!m_ctx) throw std::system_error(ENOMEM, std::generic_category(), "seccomp_init");
  }
  FilterContext(const FilterContext&) = delete;
  FilterContext& operator=(const FilterContext&) = delete;
  ~FilterContext() { seccomp_release(m_ctx); }

  scmp_filter_ctx get() const { return m_ctx; }

 private:
  scmp_filter_ctx m_ctx;
};

scmp_arg_cmp compare(unsigned arg, scmp_compare op, std::uint64_t a, std::uint64_t b = 0) {
  return scmp_arg_cmp{arg, op, a, b};  // SCMP_CMP is a C compound literal
}

void check(int rc, const std::string& what) {
  if (rc < 0) throw std::system_error(-rc, std::generic_category(), what);
}

/// The single comparisons whose union is RULE's condition; empty for an unconditional row.
std::vector<scmp_arg_cmp> alternatives(const DenyRule& rule) {
  std::vector<scmp_arg_cmp> result;
  switch (rule.when) {
    case DenyWhen::always:
      break;
    case DenyWhen::flag_set:
      result.push_back(compare(rule.arg, SCMP_CMP_MASKED_EQ, rule.value, rule.value));
      break;
    case DenyWhen::low32_equals:
      result.push_back(compare(rule.arg, SCMP_CMP_MASKED_EQ, kLow32, rule.value & kLow32));
      break;
    case DenyWhen::personality_not_default:
      // The kernel reads an unsigned int. Its low 32 bits are neither all zero nor all
      // one exactly when, going round the word, some bit is 1 and the next one is 0.
      for (unsigned bit = 0; bit < 32; ++bit) {
        const std::uint64_t here = std::uint64_t{1} << bit;
        const std::uint64_t next = std::uint64_t{1} << ((bit + 1) % 32);
        result.push_back(compare(rule.arg, SCMP_CMP_MASKED_EQ, here | next, here));
      }
      break;
    case DenyWhen::socket_family_not_allowed: {
      std::uint64_t family = 0;
      for (int allowed : kAllowedFamilies) {
        for (; family < static_cast<std::uint64_t>(allowed); ++family)
          result.push_back(compare(rule.arg, SCMP_CMP_EQ, family));
        family = static_cast<std::uint64_t>(allowed) + 1;
      }
      // Also catches every value with a high bit set, negative ones included.
      result.push_back(compare(rule.arg, SCMP_CMP_GE, family));
      break;
    }
  }
  return result;
}

void add_rule(scmp_filter_ctx ctx, int nr, const DenyRule& rule) {
  const std::uint32_t action = SCMP_ACT_ERRNO(static_cast<std::uint16_t>(rule.error));
  const std::vector<scmp_arg_cmp> any_of = alternatives(rule);
  const std::string what = "seccomp_rule_add(" + std::string(rule.syscall) + ")";
  if (any_of.empty()) {
    check(seccomp_rule_add_exact_array(ctx, action, nr, 0, nullptr), what);
    return;
  }
  for (const scmp_arg_cmp& cmp : any_of)
    check(seccomp_rule_add_exact_array(ctx, action, nr, 1, &cmp), what);
}

void add_builtin_rules(scmp_filter_ctx ctx) {
  for (const DenyRule& rule : kDenyRules) {
    const int nr = seccomp_syscall_resolve_name(std::string(rule.syscall).c_str());
    if (nr == __NR_SCMP_ERROR)
      throw std::system_error(
          EINVAL, std::generic_category(),
          "libseccomp does not know syscall '" + std::string(rule.syscall) + "'");
    if (nr < 0) continue;  // a pseudo-syscall: absent on the native architecture
    add_rule(ctx, nr, rule);
  }
}

void add_extra_rules(scmp_filter_ctx ctx, const std::vector<std::string>& extra_deny) {
  for (const std::string& name : extra_deny) {
    const int nr = seccomp_syscall_resolve_name(name.c_str());
    if (nr < 0) throw std::invalid_argument("unknown syscall '" + name + "' in seccomp.deny");
    add_rule(ctx, nr, DenyRule{name, EPERM, DenyWhen::always, 0, 0, "profile"});
  }
}

/// Throws unless the program in FD sends x32 syscall numbers away from the x86_64 rules:
/// libseccomp emits `jge #__X32_SYSCALL_BIT` to the bad-arch action for that (x32 shares
/// the x86_64 arch token), and without it every x32 call would be allowed.
void require_x32_guard(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) throw std::system_error(errno, std::generic_category(), "fstat");
  std::vector<sock_filter> program(static_cast<std::size_t>(st.st_size) / sizeof(sock_filter));
  const auto size = static_cast<ssize_t>(program.size() * sizeof(sock_filter));
  if (pread(fd, program.data(), static_cast<std::size_t>(size), 0) != size)
    throw std::system_error(errno, std::generic_category(), "reading the seccomp program back");
  for (const sock_filter& insn : program)
    if (insn.code == (BPF_JMP | BPF_JGE | BPF_K) && insn.k == kX32SyscallBit) return;
  throw std::system_error(ENOTSUP, std::generic_category(),
                          "libseccomp's filter does not guard against x32 syscalls");
}

std::string hex(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

std::span<const DenyRule> builtin_deny_rules() { return kDenyRules; }

std::string describe_condition(const DenyRule& rule) {
  const std::string arg = "arg" + std::to_string(rule.arg);
  switch (rule.when) {
    case DenyWhen::always:
      return "always";
    case DenyWhen::flag_set:
      return arg + " has " + hex(rule.value) + " set";
    case DenyWhen::low32_equals:
      return arg + " low 32 bits == " + hex(rule.value);
    case DenyWhen::personality_not_default:
      return arg + " low 32 bits not 0 or 0xffffffff";
    case DenyWhen::socket_family_not_allowed:
      return arg + " not AF_UNIX, AF_INET or AF_INET6";
  }
  return "?";
}

UniqueFd export_seccomp_filter(const std::vector<std::string>& extra_deny) {
  FilterContext filter;
  // Other ABIs: i386 carries another arch token, and for the x86_64 token libseccomp
  // sends syscall numbers with __X32_SYSCALL_BIT set to this same action, since x32 is
  // not in the filter (require_x32_guard checks). Both kill the whole process.
  check(seccomp_attr_set(filter.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS),
        "seccomp_attr_set(BADARCH)");
  check(seccomp_attr_set(filter.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2), "seccomp_attr_set(OPTIMIZE)");
  add_builtin_rules(filter.get());
  add_extra_rules(filter.get(), extra_deny);

  UniqueFd memfd(memfd_create("sandmux-seccomp", MFD_ALLOW_SEALING));
  if (!memfd) throw std::system_error(errno, std::generic_category(), "memfd_create");
  check(seccomp_export_bpf(filter.get(), memfd.get()), "seccomp_export_bpf");
  require_x32_guard(memfd.get());
  if (fcntl(memfd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
    throw std::system_error(errno, std::generic_category(), "sealing the seccomp memfd");
  if (lseek(memfd.get(), 0, SEEK_SET) < 0)
    throw std::system_error(errno, std::generic_category(), "lseek");
  return memfd;
}

bool seccomp_available() {
  if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0) return false;  // kernel without CONFIG_SECCOMP
  for (std::uint32_t action : {SECCOMP_RET_ERRNO, SECCOMP_RET_KILL_PROCESS}) {
    if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) != 0) return false;
  }
  return seccomp_api_get() >= 1;
}

}  // namespace sandmux::sandbox

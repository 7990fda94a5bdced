#pragma once
// The seccomp filter every sandboxed process runs under (built with libseccomp).
//
// Invariants: the default action is ALLOW and everything denied is a row of
// builtin_deny_rules(), so doctor, tests and the filter read the same table. Syscalls of
// any architecture other than the native one (i386 through `int 0x80`, x32 through the
// __X32_SYSCALL_BIT range on the x86_64 token) kill the whole process.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/unique_fd.h"

namespace sandmux::sandbox {

/// When a row of the deny table applies to a call of its syscall.
enum class DenyWhen {
  always,
  flag_set,                   // (arg & value) == value, on the whole 64-bit argument
  low32_equals,               // (arg & 0xffffffff) == value, so a set high bit changes nothing
  personality_not_default,    // arg's low 32 bits are neither 0 (PER_LINUX) nor 0xffffffff (query)
  socket_family_not_allowed,  // arg is not AF_UNIX, AF_INET or AF_INET6
};

/// One row of the built-in deny table: SYSCALL answers -ERROR when WHEN holds.
struct DenyRule {
  std::string_view syscall;
  int error;  // errno returned to the caller
  DenyWhen when = DenyWhen::always;
  unsigned arg = 0;         // argument index for the conditional kinds
  std::uint64_t value = 0;  // flag or value for flag_set and low32_equals
  std::string_view reason;
};

/// The built-in deny table, in the order the rules are added to the filter.
std::span<const DenyRule> builtin_deny_rules();

/// The condition of RULE in words, for doctor and test messages: "always",
/// "arg0 has 0x10000000 set", "arg1 low 32 bits == 0x5412", ...
std::string describe_condition(const DenyRule& rule);

/// Builds the built-in deny filter plus EXTRA_DENY (syscall names) and exports it as
/// BPF into a memfd at offset 0, ready for `bwrap --seccomp FD` (not close-on-exec).
/// Throws std::invalid_argument naming an unknown syscall; std::system_error when
/// seccomp itself fails (callers fail closed).
UniqueFd export_seccomp_filter(const std::vector<std::string>& extra_deny);

/// True when the kernel supports seccomp filters with the ERRNO and KILL_PROCESS
/// actions this filter needs.
bool seccomp_available();

}  // namespace sandmux::sandbox

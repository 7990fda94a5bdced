// Landlock through raw syscalls: Debian 12's <linux/landlock.h> predates scopes, so the
// ABI 6 pieces are declared here with the kernel's values.
#include "sandbox/landlock.h"

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

#include "sandbox/unique_fd.h"

namespace sandmux::sandbox {
namespace {

constexpr unsigned kCreateRulesetVersion = 1U << 0;          // LANDLOCK_CREATE_RULESET_VERSION
constexpr std::uint64_t kScopeAbstractUnixSocket = 1U << 0;  // LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
constexpr std::uint64_t kScopeSignal = 1U << 1;              // LANDLOCK_SCOPE_SIGNAL

/// struct landlock_ruleset_attr as of ABI 6.
struct RulesetAttr {
  std::uint64_t handled_access_fs;
  std::uint64_t handled_access_net;
  std::uint64_t scoped;
};

}  // namespace

int landlock_abi_version() {
  const long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

bool landlock_scope_ipc() {
  if (landlock_abi_version() < kLandlockScopeAbi) return false;
  const RulesetAttr attr{0, 0, kScopeAbstractUnixSocket | kScopeSignal};
  UniqueFd ruleset(static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0)));
  if (!ruleset) throw std::system_error(errno, std::generic_category(), "landlock_create_ruleset");
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    throw std::system_error(errno, std::generic_category(), "prctl(PR_SET_NO_NEW_PRIVS)");
  if (syscall(SYS_landlock_restrict_self, ruleset.get(), 0) != 0)
    throw std::system_error(errno, std::generic_category(), "landlock_restrict_self");
  return true;
}

}  // namespace sandmux::sandbox

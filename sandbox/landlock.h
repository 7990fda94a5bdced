#pragma once
// Landlock IPC scoping: keeps a sandbox that shares the host network from reaching host
// abstract unix sockets (X11, D-Bus, ...) and from signalling processes outside it.
// Abstract sockets belong to the network namespace, so without a shared network bwrap's
// --unshare-net already hides them and scoping adds nothing.

namespace sandmux::sandbox {

/// The highest Landlock ABI the running kernel supports; 0 when Landlock is unsupported
/// or disabled.
int landlock_abi_version();

/// The first Landlock ABI with scopes (LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET and
/// LANDLOCK_SCOPE_SIGNAL, Linux 6.12).
inline constexpr int kLandlockScopeAbi = 6;

/// Where the ABI is kLandlockScopeAbi or later, sets PR_SET_NO_NEW_PRIVS and restricts the
/// calling thread (and everything it later execs) to abstract unix sockets and signals
/// within its own Landlock domain; no filesystem or network access is handled. Returns
/// false, changing nothing, on an older kernel. Throws std::system_error when the kernel
/// supports scoping but refuses it. Call it in the child, right before exec'ing bwrap.
bool landlock_scope_ipc();

}  // namespace sandmux::sandbox

#pragma once
// Sealing a jail's socket directory. The directory lives on the host, in
// $XDG_RUNTIME_DIR (a small tmpfs shared with the user's session), and a jail's tmux
// server must create its socket there, so the server's sandbox binds it read-write.
// Once the socket exists nothing in the jail needs to write there again: the bind is
// then remounted read-only inside the sandbox's own mount namespace, by a helper
// process that joins the sandbox's user and mount namespaces (the calling user owns
// them). Connecting to the socket still works on a read-only mount; writing files does
// not, so a jail can no longer fill the runtime directory.
#include <sys/types.h>

#include <string>

namespace sandmux::sandbox {

/// Remounts INSIDE (a bind mount in the sandbox whose pid 1 is SANDBOX_PID) read-only,
/// keeping its other flags. Throws SandboxError saying why when it cannot.
void seal_socket_dir(pid_t sandbox_pid, const std::string& inside);

}  // namespace sandmux::sandbox

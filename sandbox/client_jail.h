#pragma once
// The minimal jail every host-side tmux client runs in (the broker's control-mode
// clients, `sandmux attach`). A stock tmux client executes what its server tells it
// (`detach-client -E CMD` sends MSG_EXEC), and sandboxed code can replace its server
// with its own listener at the socket path. So the client sees only: /usr and /etc
// read-only (plus the merged-usr links), tmpfs /tmp, /run and home, its own /proc and
// /dev, no network, the same seccomp filter, the jail's socket directory at
// /tmp/tmux-UID, and the descriptors it inherits (the terminal). Whatever a server makes
// it run stays in there. Pure: builds on build_launch_plan.
#include <string>
#include <vector>

#include "sandbox/environment.h"
#include "sandbox/host_fs.h"
#include "sandbox/launch_plan.h"

namespace sandmux::sandbox {

struct ClientJailRequest {
  std::string socket_dir;          // the jail's host socket directory
  std::vector<std::string> tmux_args;  // after `tmux -S /tmp/tmux-UID/default`
  EnvMap caller_env;               // TERM, LANG, LC_*, COLORTERM, TZ, PATH pass through
  std::string home;                // HOME inside (a tmpfs)
  unsigned uid = 0;
  std::string bwrap = "/usr/bin/bwrap";
  std::string tmux = "tmux";
  int seccomp_fd = -1;             // required
  bool terminal = false;           // attached to a terminal: no --new-session, so resize
                                   // and job control work
};

/// The plan for a confined tmux client. Throws SandboxError like build_launch_plan.
LaunchPlan build_client_jail_plan(const ClientJailRequest& request, const HostFs& fs);

}  // namespace sandmux::sandbox

#pragma once
// The broker daemon's life: single instance (flock on RUNTIME/broker.lock), the API
// socket RUNTIME/broker.sock (a stale one is removed only when nothing answers on it),
// logs in $XDG_STATE_HOME/sandmux/broker.log, re-adoption of live jails at start, and
// an orderly stop (SIGTERM, SIGINT or broker.stop) that leaves jails and their tmux
// servers running: sessions outlive the broker.
// RUNTIME is UserPaths::runtime_base(), a 0700 directory checked to be the user's.
#include <string>

namespace sandmux::broker {

struct BrokerLocation {
  std::string runtime_dir;  ///< UserPaths::runtime_base()
  std::string socket;       ///< runtime_dir + "/broker.sock"
  std::string lock;         ///< runtime_dir + "/broker.lock"
  std::string log;          ///< state_dir + "/broker.log"
};

/// Where the calling user's broker lives (from the XDG environment).
BrokerLocation broker_location();

struct DaemonOptions {
  bool log_to_stderr = false;  ///< --foreground: logs go to stderr too
  int ready_fd = -1;  ///< written "ok\n" once the socket answers, or "error: why\n"; closed
};

/// Runs the broker in this process until it is stopped. Returns the exit code: 0 after
/// a stop; 125 when it cannot start (another broker runs, the directory is unsafe).
int run_daemon(const DaemonOptions& options);

}  // namespace sandmux::broker

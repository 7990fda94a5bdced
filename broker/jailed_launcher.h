#pragma once
// A tmuxctl::ProcessLauncher that runs the broker's `tmux -C` clients inside the jail's
// confined client jail (sandbox/client_jail.h): read-only system, tmpfs home, no network,
// the same seccomp filter, only the jail's socket directory. Whatever a hostile server
// makes its client do stays in there.
// Invariant: the argv given to launch() starts with "tmux"; the rest are tmux's arguments
// after `-S SOCKET`, which the client jail adds itself (the socket as seen inside).
#include <string>
#include <vector>

#include "sandbox/environment.h"
#include "sandbox/jail.h"
#include "tmuxctl/process_launcher.h"

namespace sandmux::broker {

class JailedLauncher : public tmuxctl::ProcessLauncher {
 public:
  /// Clients for the jail of SPEC, with the seccomp filter of its policy.
  explicit JailedLauncher(const sandbox::JailSpec& spec);

  /// Starts the client jail with three pipes; throws std::system_error or SandboxError.
  tmuxctl::LaunchedProcess launch(const std::vector<std::string>& argv) override;

 private:
  std::string m_socket_dir;
  sandbox::EnvMap m_caller_env;
  std::string m_home;
  unsigned m_uid;
  std::string m_bwrap;
  std::vector<std::string> m_seccomp_deny;
};

}  // namespace sandmux::broker

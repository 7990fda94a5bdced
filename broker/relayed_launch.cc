#include "broker/relayed_launch.h"

#include <signal.h>
#include <sys/wait.h>

#include <cstdio>
#include <optional>

#include "broker/exit_codes.h"
#include "sandbox/launcher.h"
#include "terminal/pty_relay.h"

namespace sandmux::broker {

int run_relayed(const sandbox::LaunchPlan& plan, terminal::FilterOptions options) {
  std::optional<terminal::PtyRelay> relay = terminal::PtyRelay::open();
  std::fflush(nullptr);
  if (!relay) sandbox::exec_plan(plan);
  const pid_t child = sandbox::spawn_plan(plan, relay->child_fd(0), relay->child_fd(1),
                                          relay->child_fd(2), relay->slave());
  relay->close_slave();
  const int status = relay->run(child, options);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) {
    const int signo = WTERMSIG(status);
    ::signal(signo, SIG_DFL);
    ::raise(signo);
    return 128 + signo;
  }
  return kExitFailure;
}

}  // namespace sandmux::broker

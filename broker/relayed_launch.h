#pragma once
// Starting a sandbox (or a confined tmux client) in the foreground of the user's terminal
// without ever handing it that terminal: on a pty of sandmux's own, relayed and filtered
// (terminal/pty_relay.h). Without a terminal on fd 0, 1 or 2 there is nothing to protect
// and sandmux becomes the plan's bwrap (exec), as before.
#include "sandbox/launch_plan.h"
#include "terminal/output_filter.h"

namespace sandmux::broker {

/// Runs PLAN as above and returns its exit status as a shell would report it; a child
/// killed by a signal makes sandmux die of the same signal. Throws std::system_error
/// when the pty or the child cannot be made (the plan did not run).
int run_relayed(const sandbox::LaunchPlan& plan, terminal::FilterOptions options);

}  // namespace sandmux::broker

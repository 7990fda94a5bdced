#pragma once
// Executes a LaunchPlan: the only place in sandbox/ that calls exec. Before exec every
// descriptor except stdio and the plan's keep_fds is closed (close_range), so nothing
// sandmux happened to hold leaks into the sandbox; where the plan says so, Landlock IPC
// scoping is applied (sandbox/landlock.h).
#include <span>
#include <string>
#include <sys/types.h>

#include "sandbox/launch_plan.h"

namespace sandmux::sandbox {

/// Closes every descriptor >= 3 except those in KEEP.
void close_other_fds(std::span<const int> keep);

/// Replaces the calling process with the plan's bwrap. Returns only by throwing
/// std::system_error (bwrap missing or not executable, Landlock refused).
[[noreturn]] void exec_plan(const LaunchPlan& plan);

/// Forks a child that executes PLAN with stdin, stdout and stderr as given (-1: keep
/// the caller's); returns its pid. With CONTROLLING_TTY (a pty slave) the child leads a new
/// session whose controlling terminal that is, and runs PLAN in the terminal's foreground
/// process group below it; it stops when PLAN stops (Ctrl-Z), continues it when continued,
/// and exits as PLAN did. A child that cannot exec exits 125 with one line on its stderr.
pid_t spawn_plan(const LaunchPlan& plan, int stdin_fd = -1, int stdout_fd = -1,
                 int stderr_fd = -1, int controlling_tty = -1);

/// True when SIGINT and SIGQUIT both have their default disposition (so a program run
/// from here should get them by default too).
bool interrupts_default();

/// True when ENV (an absolute path to env(1)) accepts --default-signal=INT,QUIT.
bool supports_default_signal(const std::string& env);

/// The bwrap executable: the first "bwrap" in PATH_VALUE, else /usr/bin/bwrap when it
/// exists. Throws SandboxError when there is none (sandmux never runs unsandboxed).
std::string find_bwrap(const std::string& path_value);

}  // namespace sandmux::sandbox

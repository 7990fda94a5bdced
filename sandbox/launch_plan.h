#pragma once
// A sandbox launch as data: the bwrap argv, the environment bwrap is executed with (and
// so the sandboxed program's), and the descriptors that must stay open. Building it is
// pure and deterministic (golden tables in tests/unit/sandbox/launch_plan_test.cc);
// only sandbox/launcher.cc executes a plan.
//
// The environment travels in bwrap's own envp rather than as --setenv arguments: a
// process's argv is readable by every user through /proc/PID/cmdline, its environment
// only by the same user, and a profile may pass secrets such as API keys.
#include <string>
#include <vector>

#include "sandbox/environment.h"
#include "sandbox/host_fs.h"
#include "sandbox/mount_plan.h"
#include "sandbox/policy.h"

namespace sandmux::sandbox {

struct LaunchRequest {
  Policy policy;
  EnvMap caller_env;                 // the caller's whole environment (filtered here)
  std::string home;                  // HOME inside; gets a tmpfs
  unsigned uid = 0;                  // the real uid (names /tmp/tmux-UID)
  std::string socket_dir;            // host jail socket dir, bound at /tmp/tmux-UID; or empty
  bool socket_dir_writable = false;  // see MountRequest::socket_dir_writable
  std::string host_tmux_dir;         // only with policy.expose_host_socket: see MountRequest
  std::vector<std::string> command;  // argv of the sandboxed program; not empty
  std::string bwrap = "/usr/bin/bwrap";
  int seccomp_fd = -1;           // required: a plan without seccomp is never built
  int info_fd = -1;              // bwrap --info-fd (the sandbox's pid as JSON); or -1
  int project_fd = -1;           // O_PATH fd of policy.project: see MountRequest::project_fd
  int sync_fd = -1;              // bwrap --sync-fd: kept open by bwrap while it runs; or -1
  bool new_session = true;       // bwrap --new-session (false only with a terminal)
  bool die_with_parent = true;   // false for jail servers, which outlive their launcher
  /// In a terminal, Ctrl-C sends SIGINT to the whole foreground process group, bwrap's
  /// monitor included, which dies of it and takes the sandbox along (bubblewrap#369): a
  /// program that handles Ctrl-C would be SIGKILLed. When this names an `env` that knows
  /// --default-signal (GNU coreutils >= 8.31, visible inside), bwrap runs with SIGINT and
  /// SIGQUIT ignored and the program gets them back through that env. Empty: off.
  std::string signal_trampoline;
};

struct LaunchPlan {
  std::vector<std::string> argv;  // argv[0] is bwrap
  std::vector<std::string> env;   // "NAME=VALUE", sorted: bwrap's and the program's
  std::vector<int> keep_fds;      // besides 0, 1, 2; everything else gets closed
  std::vector<PlannedMount> mounts;
  bool scope_ipc = false;         // network shared: Landlock IPC scoping applies
  bool ignore_interrupts = false; // exec bwrap with SIGINT and SIGQUIT ignored
};

/// Builds the plan. Throws SandboxError (see plan_mounts), and for a missing seccomp fd
/// or an empty command.
LaunchPlan build_launch_plan(const LaunchRequest& request, const HostFs& fs);

/// The bwrap arguments for MOUNTS, in order.
std::vector<std::string> mount_arguments(const std::vector<PlannedMount>& mounts);

}  // namespace sandmux::sandbox

// sandmux run [-p PROFILE] [-C DIR] [--] CMD [ARG...]
//
// Runs CMD in the profile's sandbox, in the foreground, in this terminal. Before the
// sandbox starts, the jail of (profile, project) has its socket directory prepared and
// its confined tmux server running, and that directory is bound in at /tmp/tmux-UID, so
// a plain `tmux` inside opens confined windows. When fd 0, 1 or 2 is a terminal, the
// sandbox gets a pty of sandmux's own instead (broker/relayed_launch.h): nothing in it,
// nor in the jail's server it can reach, ever holds the user's terminal, and its output
// is filtered on the way (attack 1 of issue 11); the exit status and signals are the
// program's. Without a terminal sandmux becomes bwrap (exec). Anything that goes wrong
// before the start is sandmux's own failure (125), and the command never runs
// unsandboxed; 126 and 127 are decided before the start, like a shell would.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "broker/command.h"
#include "broker/exit_codes.h"
#include "broker/jail_setup.h"
#include "broker/profile_loading.h"
#include "broker/relayed_launch.h"
#include "sandbox/command_lookup.h"
#include "sandbox/environment.h"
#include "sandbox/errors.h"
#include "sandbox/jail.h"
#include "sandbox/jail_paths.h"
#include "sandbox/launch_plan.h"
#include "sandbox/launcher.h"

extern char** environ;

namespace sandmux::broker {
namespace {

struct RunOptions {
  std::string profile;
  std::optional<std::string> dir;
  std::vector<std::string> command;
};

using sandbox::env_value;

void check_command(const std::string& name, const sandbox::LaunchPlan& plan,
                   const std::string& project) {
  std::string path = sandbox::kDefaultPath;
  for (const std::string& entry : plan.env) {
    if (entry.rfind("PATH=", 0) == 0) path = entry.substr(5);
  }
  const sandbox::CommandLookup found =
      sandbox::lookup_command(name, path, project, plan.mounts, sandbox::RealHostFs());
  if (found.status == sandbox::CommandStatus::not_found) {
    throw UserError(kExitNotFound, "run: " + name + ": command not found in the sandbox");
  }
  if (found.status == sandbox::CommandStatus::not_executable) {
    throw UserError(kExitNotExecutable, "run: " + found.path + ": not executable");
  }
}

// The signal trampoline for a terminal run (see LaunchRequest::signal_trampoline): the
// host's /usr/bin/env, when the sandbox sees the same file and it is recent enough.
std::string signal_trampoline(const sandbox::LaunchRequest& request) {
  static const std::string kEnv = "/usr/bin/env";
  if (request.new_session || !sandbox::interrupts_default()) return {};
  const sandbox::LaunchPlan probe = sandbox::build_launch_plan(request, sandbox::RealHostFs());
  const sandbox::CommandLookup found =
      sandbox::lookup_command(kEnv, "", "/", probe.mounts, sandbox::RealHostFs());
  if (found.status != sandbox::CommandStatus::found) return {};
  return sandbox::supports_default_signal(kEnv) ? kEnv : std::string();
}

// expose_host_socket = true: the host's tmux socket directory, bound at
// /run/host-tmux, with a warning that says what it grants. Empty when not asked for or
// when the host has no tmux socket directory.
std::string host_tmux_dir(const sandbox::Policy& policy, const sandbox::EnvMap& caller,
                          const std::string& profile, unsigned uid) {
  if (!policy.expose_host_socket) return {};
  const std::string tmpdir = env_value(caller, "TMUX_TMPDIR");
  const std::string dir =
      (tmpdir.empty() ? std::string("/tmp") : tmpdir) + "/tmux-" + std::to_string(uid);
  if (::access(dir.c_str(), F_OK) != 0) return {};
  std::fprintf(stderr,
               "sandmux: warning: profile '%s' exposes the host tmux server (%s) at %s: "
               "anything in the sandbox can run commands on the host through it\n",
               profile.c_str(), dir.c_str(), sandbox::kHostTmuxInside);
  return dir;
}

void print_argv(const std::vector<std::string>& argv) {
  std::string line = "sandmux: exec";
  for (const std::string& arg : argv) line += " " + arg;
  std::fprintf(stderr, "%s\n", line.c_str());
}

int run(const RunOptions& options) {
  if (options.command.empty()) throw UserError(kExitUsage, "run: no command given");
  const sandbox::EnvMap caller = sandbox::parse_environ(environ);
  const PreparedJail jail = prepare_jail(options.profile, options.dir.value_or("."), caller);
  const std::string& project = jail.project;
  // Held by run and by its bwrap (--sync-fd): while it is, the broker does not stop this
  // jail as unused (jail_grace_seconds).
  const sandbox::UniqueFd in_use = sandbox::hold_jail_in_use(jail.spec.paths);
  const sandbox::Policy& policy = jail.policy;
  const sandbox::JailPaths& paths = jail.spec.paths;
  const ProfileContext& context = jail.context;
  const unsigned uid = jail.spec.uid;
  const std::string& bwrap = jail.spec.bwrap;

  sandbox::UniqueFd seccomp = make_seccomp(policy);
  sandbox::LaunchRequest request;
  request.policy = policy;
  request.caller_env = caller;
  request.home = context.paths.home;
  request.uid = uid;
  request.socket_dir = paths.socket_dir;
  request.host_tmux_dir = host_tmux_dir(policy, caller, jail.profile, uid);
  request.command = options.command;
  request.bwrap = bwrap;
  request.seccomp_fd = seccomp.get();
  request.project_fd = jail.project_fd.get();
  request.sync_fd = in_use.get();
  request.new_session = ::isatty(STDIN_FILENO) == 0;
  request.signal_trampoline = signal_trampoline(request);
  const sandbox::LaunchPlan plan = sandbox::build_launch_plan(request, sandbox::RealHostFs());
  check_command(options.command.front(), plan, project);
  if (global_options().verbosity > 0) print_argv(plan.argv);
  return run_relayed(plan, {.allow_clipboard = context.settings.allow_clipboard});
}

// CLI11 2.1 parses options that follow the first positional unless the subcommand is a
// "prefix command"; then CMD and everything after it land in remaining(). The positional
// below only documents CMD and makes a leading "--" stay with this subcommand: its
// validator refuses every word, so words fall through to remaining(), behind that "--".
std::function<int()> setup(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  app.add_option("-p,--profile", options->profile, "Profile to run under (default: settings)");
  app.add_option("-C,--dir", options->dir, "Project directory (default: the current one)");
  app.add_option("command", options->command, "CMD [ARG...]: the command, taken verbatim")
      ->check(CLI::Validator([](std::string&) { return std::string("verbatim"); }, "CMD"));
  app.validate_positionals();
  app.prefix_command();
  app.fallthrough(false);
  app.footer("On a terminal, CMD gets a pty of sandmux's own, relayed to this terminal: its "
             "output is filtered (no clipboard writes unless allow_clipboard = true in "
             "config.toml, no DCS/passthrough, no title reports); pipes and files get exact "
             "bytes.\n"
             "Exit status: CMD's own; 125 sandmux failed (CMD did not run), 126 CMD not "
             "executable, 127 CMD not found, 2 usage.");
  return [options, &app]() -> int {
    std::vector<std::string> words = app.remaining();
    if (!words.empty() && words.front() == "--") words.erase(words.begin());
    options->command = std::move(words);
    try {
      return run(*options);
    } catch (const sandbox::SandboxError& e) {
      throw UserError(kExitFailure, std::string("run: ") + e.what());
    }
  };
}

}  // namespace

extern const Command kRunCommand;
const Command kRunCommand = {"run", "Run a command in a profile's sandbox, in this terminal",
                             setup};

}  // namespace sandmux::broker

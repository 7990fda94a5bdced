// sandmux attach NAME [--read-only]
//
// Attaches this terminal to the session's window. The tmux client never runs bare on the
// host: it runs in a confined client jail (sandbox/client_jail.h) holding only the jail's
// socket directory, so whatever the jail's server tells the client to run
// (`detach-client -E CMD`) runs in there, not as you. Nor does it get this terminal: a
// tmux client hands its terminal to its server, and that server is the jail's, so the
// client runs on a pty of sandmux's own, relayed and filtered (broker/relayed_launch.h):
// after a detach nothing in the jail holds a way to the terminal, and what the jail
// sends (its own allow-passthrough, OSC 52) is filtered like a sandbox's (attacks 2
// and 3 of issue 11). Each attach
// gets its own grouped tmux session (destroyed when it detaches), so two humans can look
// at different windows; --read-only attaches with `attach-session -r` (typing is
// ignored). The relay passes resizes on to the client's pty.
// Every tmux argument is built here from checked values (a window id "@N", a name made of
// this process's pid); nothing the user typed reaches tmux.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "broker/api_client.h"
#include "broker/cli_output.h"
#include "broker/command.h"
#include "broker/exit_codes.h"
#include "broker/profile_loading.h"
#include "broker/relayed_launch.h"
#include "broker/session_name.h"
#include "broker/user_paths.h"
#include "sandbox/client_jail.h"
#include "sandbox/environment.h"
#include "sandbox/errors.h"
#include "sandbox/launcher.h"
#include "sandbox/seccomp_filter.h"

extern char** environ;

namespace sandmux::broker {
namespace {

struct AttachOptions {
  std::string name;
  bool read_only = false;
};

bool is_window_id(const std::string& id) {
  return id.size() >= 2 && id.size() <= 11 && id[0] == '@' &&
         std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Session find_session(const std::string& name) {
  ApiClient client = ApiClient::connect();
  for (Session& session : sessions_from_result(client.call(LsParams{}))) {
    if (session.name == name) return std::move(session);
  }
  throw UserError(kExitFailure, "attach: no session " + quote_for_message(name));
}

/// The jail's socket directory from the session's socket path (DIR/default).
std::string socket_dir_of(const Session& session) {
  static const std::string kTail = "/default";
  const std::string& socket = session.socket;
  if (socket.size() <= kTail.size() || socket[0] != '/' ||
      socket.compare(socket.size() - kTail.size(), kTail.size(), kTail) != 0) {
    throw UserError(kExitFailure, "attach: unexpected socket path " + quote_for_message(socket));
  }
  return socket.substr(0, socket.size() - kTail.size());
}

/// new-session grouped with the window's session, on that window, then attach; the
/// grouped session dies with the attach (destroy-unattached, set once attached: set
/// before, tmux would destroy the session at once). While attached the window follows
/// the size of the latest client (window-size latest; the broker's own clients are
/// ignore-size), so resizing the terminal resizes the window.
std::vector<std::string> tmux_args(const std::string& window, bool read_only) {
  const std::string group = "sandmux-attach-" + std::to_string(::getpid());
  std::vector<std::string> args = {"new-session", "-d", "-t", window, "-s", group, ";",
                                   "select-window", "-t", "=" + group + ":" + window, ";",
                                   "attach-session", "-t", "=" + group};
  if (read_only) args.push_back("-r");
  args.insert(args.end(), {";", "set-option", "-t", "=" + group + ":", "destroy-unattached", "on",
                           ";", "set-option", "-w", "-t", "=" + group + ":" + window,
                           "window-size", "latest"});
  return args;
}

int run_client(const Session& session, bool read_only) {
  const UserPaths paths = user_paths_from_environment();
  sandbox::ClientJailRequest request;
  request.socket_dir = socket_dir_of(session);
  request.tmux_args = tmux_args(session.window, read_only);
  request.caller_env = sandbox::parse_environ(environ);
  request.home = paths.home;
  request.uid = paths.uid;
  const auto path = request.caller_env.find("PATH");
  request.bwrap = sandbox::find_bwrap(path == request.caller_env.end() ? "" : path->second);
  sandbox::UniqueFd seccomp = sandbox::export_seccomp_filter({});
  request.seccomp_fd = seccomp.get();
  request.terminal = true;
  const sandbox::LaunchPlan plan = sandbox::build_client_jail_plan(request, sandbox::RealHostFs());
  return run_relayed(plan, {.allow_clipboard = load_user_settings().allow_clipboard});
}

int run(const AttachOptions& options) {
  check_session_name(options.name);
  if (::isatty(STDIN_FILENO) == 0 || ::isatty(STDOUT_FILENO) == 0) {
    throw UserError(kExitUsage, "attach: needs a terminal (stdin and stdout must be a tty)");
  }
  const Session session = find_session(options.name);
  if (session.state == SessionState::lost) {
    throw UserError(kExitFailure, "attach: session " + quote_for_message(options.name) +
                                      " is lost (its jail died)");
  }
  if (!is_window_id(session.window)) {
    throw UserError(kExitFailure, "attach: unexpected window id " + quote_for_message(session.window));
  }
  try {
    return run_client(session, options.read_only);
  } catch (const sandbox::SandboxError& e) {
    throw UserError(kExitFailure, std::string("attach: ") + e.what());
  }
}

std::function<int()> setup(CLI::App& app) {
  auto options = std::make_shared<AttachOptions>();
  app.add_option("NAME", options->name, "Session name")->required();
  app.add_flag("-r,--read-only", options->read_only, "Watch only: typing is ignored");
  app.footer("Needs a terminal. The tmux client runs confined (no host files, no network), "
             "in its own grouped session, on a pty of sandmux's own: its output reaches this "
             "terminal filtered (no clipboard writes unless allow_clipboard = true, no "
             "passthrough, no reports); detach as usual (prefix d).\n"
             "Exit status: the tmux client's (0 after detaching); 2 usage, invalid name or "
             "no terminal; 125 no such session, session lost or broker unreachable.");
  return [options] { return run(*options); };
}

}  // namespace

extern const Command kAttachCommand;
const Command kAttachCommand = {"attach", "Attach this terminal to a session's window (confined)",
                                setup};

}  // namespace sandmux::broker

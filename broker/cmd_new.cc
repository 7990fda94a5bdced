// sandmux new [-p PROFILE] [-C DIR] [-n NAME] [--size COLSxROWS] [-e K=V]... [--json]
//             [--] [CMD [ARG...]]
//
// Starts a session: a new window in the jail of (PROFILE, DIR), started by the broker
// (which is started on demand). Prints the session's name, or with --json the whole
// session object. CMD is taken verbatim, options after it included, like `run`.
// Everything is checked here first (name, size, K=V) so that usage errors exit 2
// without touching the broker.
#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "broker/api_client.h"
#include "broker/cli_output.h"
#include "broker/command.h"
#include "broker/exit_codes.h"
#include "broker/session_name.h"
#include "broker/profile_loading.h"
#include "broker/session_json.h"

namespace sandmux::broker {
namespace {

struct NewOptions {
  std::optional<std::string> profile;
  std::optional<std::string> dir;
  std::optional<std::string> name;
  std::optional<std::string> size;
  std::vector<std::string> env;
  bool json = false;
};

void check_env(const std::vector<std::string>& env) {
  for (const std::string& entry : env) {
    const std::size_t eq = entry.find('=');
    if (eq == 0 || eq == std::string::npos) {
      throw UserError(kExitUsage, "new: -e " + quote_for_message(entry) +
                                      ": expected KEY=VALUE");
    }
  }
}

NewParams make_params(const NewOptions& options, std::vector<std::string> command) {
  NewParams params;
  params.profile = options.profile;
  params.project = resolve_project_dir(options.dir);
  if (options.name) {
    check_session_name(*options.name);
    params.name = options.name;
  }
  if (options.size) {
    auto size = parse_window_size(*options.size);
    if (!size) throw UserError(kExitUsage, "new: " + size.error());
    params.size = *size;
  }
  check_env(options.env);
  params.env = options.env;
  params.command = std::move(command);
  return params;
}

int run(const NewOptions& options, std::vector<std::string> command) {
  const NewParams params = make_params(options, std::move(command));
  ApiClient client = ApiClient::connect();
  const Session session = session_from_result(client.call(params));
  if (options.json) {
    std::cout << boost::json::serialize(session_to_json(session)) << "\n";
  } else {
    std::cout << session.name << "\n";
  }
  return kExitOk;
}

// CMD is collected like `run` does (see cmd_run.cc): a prefix command whose documenting
// positional refuses every word, so CMD and all after it land in remaining().
std::function<int()> setup(CLI::App& app) {
  auto options = std::make_shared<NewOptions>();
  app.add_option("-p,--profile", options->profile, "Profile of the jail (default: settings)")
      ->type_name("PROFILE");
  app.add_option("-C,--dir", options->dir, "Project directory (default: the current one)")
      ->type_name("DIR");
  app.add_option("-n,--name", options->name,
                 "Session name: [A-Za-z0-9._-], up to 64, no leading '-' (default: CMD's name-N)")
      ->type_name("NAME");
  app.add_option("--size", options->size, "Window size (default: 200x50)")
      ->type_name("COLSxROWS");
  app.add_option("-e,--env", options->env, "Set K=V in the session's environment (repeatable)")
      ->type_name("K=V")
      ->allow_extra_args(false);
  app.add_flag("--json", options->json, "Print the session object as JSON instead of its name");
  std::vector<std::string> unused;
  app.add_option("command", unused, "CMD [ARG...]: the command, taken verbatim (default: a shell)")
      ->check(CLI::Validator([](std::string&) { return std::string("verbatim"); }, "CMD"));
  app.validate_positionals();
  app.prefix_command();
  app.fallthrough(false);
  app.footer("Prints the new session's name (or its object with --json).\n"
             "Exit status: 0 started; 2 usage or invalid name; 125 sandmux failed "
             "(broker unreachable, name taken, bad profile).");
  return [options, &app]() -> int {
    std::vector<std::string> words = app.remaining();
    if (!words.empty() && words.front() == "--") words.erase(words.begin());
    return run(*options, std::move(words));
  };
}

}  // namespace

extern const Command kNewCommand;
const Command kNewCommand = {"new", "Start a session: a window in a jail, run by the broker",
                             setup};

}  // namespace sandmux::broker

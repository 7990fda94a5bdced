// sandmux wait NAME (--exit | --idle SECS | --match REGEX) [--timeout SECS]
//
// Blocks until the session's condition holds, the broker telling us (no polling):
//   --exit         the command ended; exits with the command's own exit status
//   --idle SECS    no output for SECS seconds
//   --match REGEX  output since the wait began, or the screen, matches REGEX (RE2 syntax:
//                  no backreferences or lookaround; `.` stops at newlines unless (?s))
// --timeout SECS gives up with exit 124. The regex is checked here first (exit 2), by the
// same compile_match_pattern() the broker uses (wait_pattern.h).
#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>
#include <cmath>
#include <memory>
#include <optional>
#include <string>

#include "broker/api_client.h"
#include "broker/cli_output.h"
#include "broker/command.h"
#include "broker/exit_codes.h"
#include "broker/session_name.h"
#include "broker/wait_pattern.h"

namespace sandmux::broker {
namespace {

struct WaitOptions {
  std::string name;
  bool exit = false;
  std::optional<double> idle;
  std::optional<std::string> match;
  std::optional<double> timeout;
};

void check_seconds(const char* option, const std::optional<double>& seconds) {
  if (seconds && (!std::isfinite(*seconds) || *seconds < 0)) {
    throw UserError(kExitUsage, std::string("wait: ") + option + " takes seconds >= 0");
  }
}

WaitParams make_params(const WaitOptions& options) {
  check_session_name(options.name);
  const int given = int{options.exit} + int{options.idle.has_value()} +
                    int{options.match.has_value()};
  if (given != 1) throw UserError(kExitUsage, "wait: give exactly one of --exit, --idle, --match");
  check_seconds("--idle", options.idle);
  check_seconds("--timeout", options.timeout);
  WaitParams params;
  params.name = options.name;
  params.timeout_seconds = options.timeout;
  if (options.idle) params.until = WaitIdle{*options.idle};
  if (options.match) {
    if (auto error = match_pattern_error(*options.match)) {
      throw UserError(kExitUsage, "wait: --match: " + *error);
    }
    params.until = WaitMatch{*options.match};
  }
  return params;
}

/// The exit status the session ended with, from the answer to `wait --exit`:
/// {"state": "exited"|"lost", "exit_status": N|null}.
int exit_status_of(const boost::json::value& result, const std::string& name) {
  const auto* object = result.if_object();
  const auto* state = object ? object->if_contains("state") : nullptr;
  const auto* status = object ? object->if_contains("exit_status") : nullptr;
  if (state && state->is_string() && state->get_string() == "lost") {
    throw UserError(kExitFailure, "wait: session " + quote_for_message(name) + " was lost");
  }
  if (!status || !status->is_int64()) {
    throw UserError(kExitFailure,
                    "wait: session " + quote_for_message(name) + " ended without an exit status");
  }
  return static_cast<int>(status->get_int64());
}

int run(const WaitOptions& options) {
  const WaitParams params = make_params(options);
  ApiClient client = ApiClient::connect();
  const boost::json::value result = client.call(params);
  if (options.exit) return exit_status_of(result, options.name);
  return kExitOk;
}

std::function<int()> setup(CLI::App& app) {
  auto options = std::make_shared<WaitOptions>();
  app.add_option("NAME", options->name, "Session name")->required();
  app.add_flag("--exit", options->exit, "Until the command ends; exit with its exit status");
  app.add_option("--idle", options->idle, "Until no output for SECS seconds")->type_name("SECS");
  app.add_option("--match", options->match,
                 "Until new output or the screen matches REGEX (RE2 syntax)")
      ->type_name("REGEX");
  app.add_option("--timeout", options->timeout, "Give up after SECS seconds (exit 124)")
      ->type_name("SECS");
  app.footer("Give exactly one of --exit, --idle, --match.\n"
             "Exit status: 0 the condition held (--exit: the command's own status); "
             "124 timeout; 2 usage, invalid name or regex; 125 no such session, session "
             "lost or broker unreachable.");
  return [options] { return run(*options); };
}

}  // namespace

extern const Command kWaitCommand;
const Command kWaitCommand = {"wait", "Wait until a session exits, goes idle or prints a match",
                              setup};

}  // namespace sandmux::broker

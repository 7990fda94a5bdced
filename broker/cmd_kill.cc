// sandmux kill NAME
//
// Ends the session: its window (and the program in it) is killed and the broker forgets
// it. The jail's server stays for the jail's other sessions.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "broker/api_client.h"
#include "broker/cli_output.h"
#include "broker/command.h"
#include "broker/exit_codes.h"

namespace sandmux::broker {
namespace {

int run(const KillParams& params) {
  check_session_name(params.name);
  ApiClient client = ApiClient::connect();
  client.call(params);
  return kExitOk;
}

std::function<int()> setup(CLI::App& app) {
  auto params = std::make_shared<KillParams>();
  app.add_option("NAME", params->name, "Session name")->required();
  app.footer("Exit status: 0 killed; 2 usage or invalid name; 125 no such session or broker "
             "unreachable.");
  return [params] { return run(*params); };
}

}  // namespace

extern const Command kKillCommand;
const Command kKillCommand = {"kill", "End a session (kill its window)", setup};

}  // namespace sandmux::broker

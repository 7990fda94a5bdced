// sandmux ls [--json]
//
// Lists the broker's sessions: a table (NAME STATE PROFILE PROJECT WINDOW PID COMMAND)
// or, with --json, an array of session objects. User text in the table is shown with
// non-printable bytes escaped (broker/cli_output.h); JSON carries it exactly.
#include <CLI/CLI.hpp>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <memory>

#include "broker/api_client.h"
#include "broker/cli_output.h"
#include "broker/command.h"
#include "broker/exit_codes.h"
#include "broker/session_json.h"

namespace sandmux::broker {
namespace {

int run(bool json) {
  ApiClient client = ApiClient::connect();
  const std::vector<Session> sessions = sessions_from_result(client.call(LsParams{}));
  if (json) {
    boost::json::array list;
    for (const Session& session : sessions) list.push_back(session_to_json(session));
    std::cout << boost::json::serialize(list) << "\n";
  } else {
    std::cout << format_session_table(sessions);
  }
  return kExitOk;
}

std::function<int()> setup(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  app.add_flag("--json", *json, "Print a JSON array of session objects");
  app.footer("Exit status: 0; 125 broker unreachable.");
  return [json] { return run(*json); };
}

}  // namespace

extern const Command kLsCommand;
const Command kLsCommand = {"ls", "List sessions", setup};

}  // namespace sandmux::broker

// sandmux capture NAME [--history] [--escapes]
//
// Prints the session's screen as tmux sees it (capture-pane): the visible lines, or with
// --history the scrollback too; with --escapes the colours and attributes as escape
// sequences. The text is the program's own output, printed as it is.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "broker/api_client.h"
#include "broker/cli_output.h"
#include "broker/command.h"
#include "broker/exit_codes.h"

namespace sandmux::broker {
namespace {

int run(const CaptureParams& params) {
  check_session_name(params.name);
  ApiClient client = ApiClient::connect();
  const std::string text = bytes_from_result(client.call(params), "data");
  std::cout << text;
  if (!text.empty() && text.back() != '\n') std::cout << '\n';
  return kExitOk;
}

std::function<int()> setup(CLI::App& app) {
  auto params = std::make_shared<CaptureParams>();
  app.add_option("NAME", params->name, "Session name")->required();
  app.add_flag("--history", params->history, "Include the scrollback, not just the screen");
  app.add_flag("--escapes", params->escapes, "Keep colours and attributes as escape sequences");
  app.footer("Exit status: 0; 2 usage or invalid name; 125 no such session or broker "
             "unreachable.");
  return [params] { return run(*params); };
}

}  // namespace

extern const Command kCaptureCommand;
const Command kCaptureCommand = {"capture", "Print a session's screen (or its history)", setup};

}  // namespace sandmux::broker

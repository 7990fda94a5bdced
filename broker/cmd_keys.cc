// sandmux keys NAME KEY...
//
// Sends tmux key names (C-c, Enter, Up, F1, M-x, ...) to the session, in order. Each
// KEY is one key name; the broker refuses what tmux would not read as one key, so no
// KEY can carry a command or a format.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "broker/api_client.h"
#include "broker/cli_output.h"
#include "broker/command.h"
#include "broker/exit_codes.h"

namespace sandmux::broker {
namespace {

struct KeysOptions {
  std::string name;
  std::vector<std::string> keys;
};

int run(const KeysOptions& options) {
  check_session_name(options.name);
  KeysParams params;
  params.name = options.name;
  params.keys = options.keys;
  ApiClient client = ApiClient::connect();
  client.call(params);
  return kExitOk;
}

std::function<int()> setup(CLI::App& app) {
  auto options = std::make_shared<KeysOptions>();
  app.add_option("NAME", options->name, "Session name")->required();
  app.add_option("KEY", options->keys, "tmux key names: C-c, Enter, Up, Escape, F1, M-x...")
      ->required();
  app.footer("Put -- before a KEY that starts with '-'.\n"
             "Exit status: 0 sent; 2 usage, invalid name or key; 125 no such session or "
             "broker unreachable.");
  return [options] { return run(*options); };
}

}  // namespace

extern const Command kKeysCommand;
const Command kKeysCommand = {"keys", "Send tmux key names (C-c, Enter, Up) to a session", setup};

}  // namespace sandmux::broker

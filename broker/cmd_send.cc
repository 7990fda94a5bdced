// sandmux send NAME [--no-enter] [--] TEXT...
//
// Types TEXT (the words joined by single spaces) into the session literally, then Enter
// unless --no-enter. Nothing in TEXT is interpreted: not by tmux (no key names, formats
// or command separators) and not by sandmux; use `--` before text that starts with '-'.
// Multi-line text arrives intact (the broker pastes it, bracketed when the program asked).
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

struct SendOptions {
  std::string name;
  std::vector<std::string> words;
  bool no_enter = false;
};

std::string join_words(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) {
    if (!text.empty()) text += ' ';
    text += word;
  }
  return text;
}

int run(const SendOptions& options) {
  check_session_name(options.name);
  SendParams params;
  params.name = options.name;
  params.text = join_words(options.words);
  params.enter = !options.no_enter;
  if (params.text.empty() && !params.enter) return kExitOk;
  ApiClient client = ApiClient::connect();
  client.call(params);
  return kExitOk;
}

std::function<int()> setup(CLI::App& app) {
  auto options = std::make_shared<SendOptions>();
  app.add_option("NAME", options->name, "Session name")->required();
  app.add_option("TEXT", options->words, "Text to type, taken literally (words joined by spaces)");
  app.add_flag("--no-enter", options->no_enter, "Do not press Enter after the text");
  app.footer("Put -- before TEXT that starts with '-'.\n"
             "Exit status: 0 typed; 2 usage or invalid name; 125 no such session or broker "
             "unreachable.");
  return [options] { return run(*options); };
}

}  // namespace

extern const Command kSendCommand;
const Command kSendCommand = {"send", "Type text into a session literally, then Enter", setup};

}  // namespace sandmux::broker

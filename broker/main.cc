// sandmux: the executable. Only dispatches to the command table (broker/command_table.cc).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>

#include "broker/command.h"
#include "broker/exit_codes.h"

using namespace sandmux::broker;

namespace {

int run_action(const std::function<int()>& action) {
  try {
    return action();
  } catch (const UserError& e) {
    std::fprintf(stderr, "sandmux: %s\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sandmux: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sandmux: run CLI tools and AI agents sandboxed, inside tmux, scriptable.",
               "sandmux"};
  app.set_version_flag("--version", std::string("sandmux ") + SANDMUX_VERSION);
  app.add_flag("-v,--verbose", global_options().verbosity, "More diagnostics on stderr");
  app.require_subcommand(1, 1);
  app.fallthrough();

  std::function<int()> action;
  for (const Command& command : command_table()) {
    CLI::App* sub = app.add_subcommand(std::string(command.name), std::string(command.summary));
    std::function<int()> run = command.setup(*sub);
    sub->final_callback([&action, run] { action = run; });
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return run_action(action);
}

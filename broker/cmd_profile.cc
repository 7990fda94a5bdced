// PLACEHOLDER so the tree builds while this command is being written; replaced before commit.
#include <CLI/CLI.hpp>
#include "broker/command.h"
#include "broker/exit_codes.h"
namespace sandmux::broker {
extern const Command kProfileCommand;
const Command kProfileCommand = {"profile", "(being written)", [](CLI::App&) -> std::function<int()> {
  return [] { throw UserError(kExitFailure, "profile: not written yet"); return 0; };
}};
}  // namespace sandmux::broker

#pragma once
// The subcommand table: each cmd_*.cc defines one Command, listed in command_table.cc
// (like tmux's cmd_table[]). main.cc only dispatches.
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace sandmux::broker {

/// Declares a subcommand's options on `app` and returns the action that runs it
/// (after parsing) and yields the exit code.
using CommandSetup = std::function<int()> (*)(CLI::App& app);

struct Command {
  std::string_view name;
  std::string_view summary;
  CommandSetup setup;
};

std::span<const Command> command_table();

/// A failure to report as "sandmux: MESSAGE" with the given exit code.
class UserError : public std::runtime_error {
 public:
  UserError(int exit_code, const std::string& message)
      : std::runtime_error(message), m_exit_code(exit_code) {}
  int exit_code() const { return m_exit_code; }

 private:
  int m_exit_code;
};

/// Global flags, set by main before a command runs.
struct GlobalOptions {
  int verbosity = 0;
};
GlobalOptions& global_options();

}  // namespace sandmux::broker

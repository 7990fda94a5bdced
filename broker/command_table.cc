#include "broker/command.h"

namespace sandmux::broker {

extern const Command kDoctorCommand;
extern const Command kProfileCommand;
extern const Command kRunCommand;

std::span<const Command> command_table() {
  static const Command table[] = {
      kDoctorCommand,
      kProfileCommand,
      kRunCommand,
  };
  return table;
}

GlobalOptions& global_options() {
  static GlobalOptions options;
  return options;
}

}  // namespace sandmux::broker

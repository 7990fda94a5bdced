#include "broker/command.h"

namespace sandmux::broker {

extern const Command kAttachCommand;
extern const Command kBrokerCommand;
extern const Command kCaptureCommand;
extern const Command kDoctorCommand;
extern const Command kJailsCommand;
extern const Command kKeysCommand;
extern const Command kKillCommand;
extern const Command kLogsCommand;
extern const Command kLsCommand;
extern const Command kNewCommand;
extern const Command kProfileCommand;
extern const Command kRunCommand;
extern const Command kSendCommand;
extern const Command kSocketCommand;
extern const Command kWaitCommand;

std::span<const Command> command_table() {
  static const Command table[] = {
      kAttachCommand,
      kBrokerCommand,
      kCaptureCommand,
      kDoctorCommand,
      kJailsCommand,
      kKeysCommand,
      kKillCommand,
      kLogsCommand,
      kLsCommand,
      kNewCommand,
      kProfileCommand,
      kRunCommand,
      kSendCommand,
      kSocketCommand,
      kWaitCommand,
  };
  return table;
}

GlobalOptions& global_options() {
  static GlobalOptions options;
  return options;
}

}  // namespace sandmux::broker

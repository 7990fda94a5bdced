#pragma once
// Running a helper program and capturing what it prints (doctor's version probes).
#include <optional>
#include <string>
#include <vector>

namespace sandmux::broker {

struct ProgramOutput {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

/// Runs PROGRAM (looked up in $PATH) with ARGS, stdin from /dev/null, and waits;
/// a program killed by signal N reports exit_code 128+N.
/// nullopt when the program cannot be found or started.
std::optional<ProgramOutput> run_and_capture(const std::string& program,
                                             const std::vector<std::string>& args);

}  // namespace sandmux::broker

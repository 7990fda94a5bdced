#pragma once
// The exit codes of the user-facing contract (DESIGN.md).
namespace sandmux::broker {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;          // bad command line, invalid profile file
inline constexpr int kExitTimeout = 124;      // wait --timeout ran out
inline constexpr int kExitFailure = 125;      // sandmux's own failure
inline constexpr int kExitNotExecutable = 126;
inline constexpr int kExitNotFound = 127;

}  // namespace sandmux::broker

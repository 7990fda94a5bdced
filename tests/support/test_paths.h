#pragma once
// Where integration tests find the programs under test. Each can be overridden by an
// environment variable, so the same test binary runs from a copy as an unprivileged user.
#include <cstdlib>
#include <string>

namespace sandmux::testing {

inline std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : fallback;
}

/// The sandmux executable ($SANDMUX_BIN).
inline std::string sandmux_binary() {
  return env_or("SANDMUX_BIN", std::string(SANDMUX_BINARY_DIR) + "/broker/sandmux");
}

/// The attack prober that runs inside sandboxes ($SANDMUX_PROBER).
inline std::string prober_binary() {
  return env_or("SANDMUX_PROBER", std::string(SANDMUX_BINARY_DIR) + "/tests/attack/sandmux_prober");
}

}  // namespace sandmux::testing

// Names of the profile enums.
#include "config/profile.h"

namespace sandmux::config {

const char* to_string(NetworkMode mode) {
  switch (mode) {
    case NetworkMode::host: return "host";
    case NetworkMode::none: return "none";
  }
  return "host";
}

std::optional<NetworkMode> parse_network_mode(std::string_view text) {
  if (text == "host") return NetworkMode::host;
  if (text == "none") return NetworkMode::none;
  return std::nullopt;
}

}  // namespace sandmux::config

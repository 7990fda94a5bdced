#pragma once
// The built-in profile texts, generated at build time from packaging/profiles/*.toml.
#include <cstddef>

namespace sandmux::config {

struct EmbeddedProfile {
  const char* name;
  const char* text;
};

extern const EmbeddedProfile kEmbeddedProfiles[];
extern const std::size_t kEmbeddedProfileCount;

}  // namespace sandmux::config

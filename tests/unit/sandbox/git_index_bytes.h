#pragma once
// Git index files built byte by byte, for pure tests (no git at test time).
#include <cstdint>
#include <string>
#include <vector>

#include "sandbox/git_index.h"

namespace sandmux::sandbox::testing {

inline void be32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

// An index entry: the stat data with MODE, a zero hash, flags with the name length.
inline std::string entry(std::uint32_t mode, const std::string& name, std::uint32_t version,
                  std::size_t hash_size = kSha1Size, const std::string& v4_strip = "") {
  std::string out(24, '\0');
  be32(out, mode);
  out += std::string(12, '\0');  // uid gid size
  out += std::string(hash_size, '\0');
  const auto length = static_cast<std::uint16_t>(name.size());
  out += static_cast<char>(length >> 8);
  out += static_cast<char>(length & 0xff);
  if (version == 4) return out + v4_strip + name + '\0';
  out += name + '\0';
  while (out.size() % 8 != 0) out += '\0';
  return out;
}

inline std::string index(std::uint32_t version, const std::vector<std::string>& entries) {
  std::string out = "DIRC";
  be32(out, version);
  be32(out, static_cast<std::uint32_t>(entries.size()));
  for (const std::string& e : entries) out += e;
  return out + std::string(20, '\0');  // trailing checksum
}

}  // namespace sandmux::sandbox::testing

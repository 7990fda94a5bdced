#include "sandbox/git_index.h"

#include <cstdint>
#include <optional>

namespace sandmux::sandbox {
namespace {

constexpr std::uint32_t kGitlinkMode = 0160000;
constexpr std::uint32_t kTypeMask = 0170000;
constexpr std::size_t kStatSize = 40;  // ctime mtime dev ino mode uid gid size, before the hash
constexpr std::size_t kModeOffset = 24;
constexpr std::uint16_t kExtendedFlag = 0x4000;

class Bytes {
 public:
  explicit Bytes(std::string_view data) : m_data(data) {}
  bool has(std::size_t n) const { return m_pos + n <= m_data.size(); }
  std::uint32_t be32(std::size_t at) const {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | byte(at + i);
    return value;
  }
  std::uint16_t be16(std::size_t at) const {
    return static_cast<std::uint16_t>((byte(at) << 8) | byte(at + 1));
  }
  unsigned byte(std::size_t at) const { return static_cast<unsigned char>(m_data[at]); }
  std::size_t pos() const { return m_pos; }
  void skip(std::size_t n) { m_pos += n; }
  // A NUL-terminated string from the current position, or nullopt.
  std::optional<std::string_view> cstring() {
    const std::size_t end = m_data.find('\0', m_pos);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view text = m_data.substr(m_pos, end - m_pos);
    m_pos = end + 1;
    return text;
  }
  // git's offset varint (varint.c).
  std::optional<std::size_t> varint() {
    if (!has(1)) return std::nullopt;
    unsigned c = byte(m_pos++);
    std::size_t value = c & 127;
    while (c & 128) {
      if (!has(1) || value > (SIZE_MAX >> 8)) return std::nullopt;
      c = byte(m_pos++);
      value = ((value + 1) << 7) + (c & 127);
    }
    return value;
  }

 private:
  std::string_view m_data;
  std::size_t m_pos = 0;
};

}  // namespace

std::vector<std::string> index_gitlinks(std::string_view index, std::size_t hash_size) {
  std::vector<std::string> gitlinks;
  Bytes in(index);
  if (!in.has(12) || index.substr(0, 4) != "DIRC") return gitlinks;
  const std::uint32_t version = in.be32(4);
  if (version < 2 || version > 4) return gitlinks;
  const std::uint32_t count = in.be32(8);
  in.skip(12);
  std::string previous;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t start = in.pos();
    const std::size_t fixed = kStatSize + hash_size + 2;
    if (!in.has(fixed)) break;
    const std::uint32_t mode = in.be32(start + kModeOffset);
    const std::uint16_t flags = in.be16(start + kStatSize + hash_size);
    in.skip(fixed);
    if (version >= 3 && (flags & kExtendedFlag) != 0) {
      if (!in.has(2)) break;
      in.skip(2);
    }
    std::string path;
    if (version == 4) {
      const std::optional<std::size_t> strip = in.varint();
      if (!strip || *strip > previous.size()) break;
      const std::optional<std::string_view> suffix = in.cstring();
      if (!suffix) break;
      path = previous.substr(0, previous.size() - *strip) + std::string(*suffix);
    } else {
      const std::optional<std::string_view> name = in.cstring();
      if (!name) break;
      path = std::string(*name);
      const std::size_t length = in.pos() - start;  // with the NUL
      const std::size_t padded = (length + 7) & ~std::size_t{7};
      in.skip(padded - length);
    }
    if ((mode & kTypeMask) == kGitlinkMode) gitlinks.push_back(path);
    previous = std::move(path);
  }
  return gitlinks;
}

}  // namespace sandmux::sandbox

#include "sandbox/output_tail.h"

namespace sandmux::sandbox {

void OutputTail::append(std::string_view bytes) {
  if (bytes.size() >= m_limit) {
    m_text.assign(bytes.substr(bytes.size() - m_limit));
    return;
  }
  m_text.append(bytes);
  if (m_text.size() > m_limit) m_text.erase(0, m_text.size() - m_limit);
}

std::string OutputTail::last_line() const {
  std::string_view text = m_text;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  const std::size_t newline = text.rfind('\n');
  if (newline != std::string_view::npos) text.remove_prefix(newline + 1);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
    if (out.size() >= 200) break;
  }
  return out;
}

}  // namespace sandmux::sandbox

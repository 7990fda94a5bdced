/*
 * UTF-8 scanning per RFC 3629 (no overlongs, no surrogates, nothing above U+10FFFF).
 * Invariant: the carry only ever holds a valid incomplete prefix, at most 3 bytes.
 */
#include "tmuxctl/utf8_assembler.h"

#include <cstring>

namespace sandmux::tmuxctl {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool in_range(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

/// Allowed range of the second byte for lead byte LEAD.
void second_range(unsigned char lead, unsigned char& lo, unsigned char& hi) {
  lo = 0x80;
  hi = 0xBF;
  if (lead == 0xE0) lo = 0xA0;
  if (lead == 0xED) hi = 0x9F;
  if (lead == 0xF0) lo = 0x90;
  if (lead == 0xF4) hi = 0x8F;
}

int expected_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (in_range(lead, 0xC2, 0xDF)) return 2;
  if (in_range(lead, 0xE0, 0xEF)) return 3;
  if (in_range(lead, 0xF0, 0xF4)) return 4;
  return 0;
}

}  // namespace

int utf8_sequence_length(const unsigned char* data, std::size_t size) {
  const int length = expected_length(data[0]);
  if (length <= 1) return length;
  unsigned char lo = 0;
  unsigned char hi = 0;
  second_range(data[0], lo, hi);
  for (int i = 1; i < length; ++i) {
    if (static_cast<std::size_t>(i) >= size) return -1;
    if (!in_range(data[i], lo, hi)) return 0;
    lo = 0x80;
    hi = 0xBF;
  }
  return length;
}

void Utf8Assembler::emit(const unsigned char* data, std::size_t size, std::string& out,
                         bool final) {
  std::size_t i = 0;
  while (i < size) {
    std::size_t run = i;
    while (run < size && data[run] < 0x80) ++run;
    out.append(reinterpret_cast<const char*>(data + i), run - i);
    i = run;
    if (i == size) break;
    const int length = utf8_sequence_length(data + i, size - i);
    if (length > 0) {
      out.append(reinterpret_cast<const char*>(data + i), static_cast<std::size_t>(length));
      i += static_cast<std::size_t>(length);
    } else if (length < 0 && !final) {
      m_carry_size = size - i;
      std::memcpy(m_carry, data + i, m_carry_size);
      return;
    } else {
      // Invalid byte, or an incomplete tail at the very end: one maximal subpart.
      std::size_t bad = 1;
      while (i + bad < size && bad < 3 && utf8_sequence_length(data + i, bad + 1) < 0) ++bad;
      if (length < 0) bad = size - i;
      if (m_policy == Invalid::Replace) {
        out.append(kReplacement);
      } else {
        out.append(reinterpret_cast<const char*>(data + i), bad);
      }
      i += bad;
    }
  }
}

void Utf8Assembler::push(std::string_view bytes, std::string& out) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t size = bytes.size();
  while (m_carry_size > 0 && size > 0) {
    // Complete (or refute) the carried sequence one byte at a time.
    m_carry[m_carry_size++] = *data++;
    --size;
    const int length = utf8_sequence_length(m_carry, m_carry_size);
    if (length < 0) continue;
    unsigned char held[4];
    const std::size_t held_size = m_carry_size;
    std::memcpy(held, m_carry, held_size);
    m_carry_size = 0;
    if (length > 0) {
      out.append(reinterpret_cast<const char*>(held), held_size);
    } else {
      // The last byte broke the sequence: emit the prefix as invalid, rescan that byte.
      emit(held, held_size - 1, out, true);
      ++size;
      --data;
    }
  }
  emit(data, size, out, false);
}

void Utf8Assembler::flush(std::string& out) {
  unsigned char held[4];
  const std::size_t held_size = m_carry_size;
  std::memcpy(held, m_carry, held_size);
  m_carry_size = 0;
  emit(held, held_size, out, true);
}

void PaneUtf8Assembler::push(std::uint32_t pane, std::string_view bytes, std::string& out) {
  auto it = m_panes.try_emplace(pane, m_policy).first;
  it->second.push(bytes, out);
}

void PaneUtf8Assembler::flush(std::uint32_t pane, std::string& out) {
  const auto it = m_panes.find(pane);
  if (it == m_panes.end()) return;
  it->second.flush(out);
  m_panes.erase(it);
}

}  // namespace sandmux::tmuxctl

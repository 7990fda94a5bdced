// The output ring: a lazily allocated circular byte buffer with absolute cursors.
// Writes copy at most two chunks (before and after the wrap); reads return views.
#include "broker/output_ring.h"

#include <algorithm>
#include <cstring>

namespace sandmux::broker {

std::string RingRead::str() const {
  std::string out;
  out.reserve(size());
  out.append(first);
  out.append(second);
  return out;
}

OutputRing::OutputRing(std::size_t capacity) : m_capacity(std::max<std::size_t>(capacity, 1)) {}

void OutputRing::append(std::string_view bytes) {
  if (bytes.empty()) return;
  if (!m_data) m_data = std::make_unique_for_overwrite<char[]>(m_capacity);
  m_end += bytes.size();
  if (bytes.size() > m_capacity) bytes.remove_prefix(bytes.size() - m_capacity);
  // The retained tail of BYTES starts at cursor m_end - bytes.size().
  const std::size_t at = static_cast<std::size_t>((m_end - bytes.size()) % m_capacity);
  const std::size_t head = std::min(bytes.size(), m_capacity - at);
  std::memcpy(m_data.get() + at, bytes.data(), head);
  std::memcpy(m_data.get(), bytes.data() + head, bytes.size() - head);
  m_begin = std::max(m_begin, m_end > m_capacity ? m_end - m_capacity : 0);
}

std::string_view OutputRing::view(std::uint64_t from, std::size_t length) const {
  if (length == 0) return {};
  return {m_data.get() + from % m_capacity, length};
}

RingRead OutputRing::read_since(std::uint64_t cursor, std::size_t max_bytes) const {
  RingRead read;
  if (cursor > m_end) {
    read.status = RingReadStatus::ahead;
    read.begin = read.next_cursor = m_end;
    return read;
  }
  if (cursor < m_begin) {
    read.status = RingReadStatus::expired;
    read.lost = m_begin - cursor;
    cursor = m_begin;
  }
  const std::size_t length =
      static_cast<std::size_t>(std::min<std::uint64_t>(m_end - cursor, max_bytes));
  const std::size_t at = length == 0 ? 0 : static_cast<std::size_t>(cursor % m_capacity);
  const std::size_t head = std::min(length, m_capacity - at);
  read.first = view(cursor, head);
  read.second = view(cursor + head, length - head);
  read.begin = cursor;
  read.next_cursor = cursor + length;
  return read;
}

void OutputRing::reset_with(std::string_view bytes) {
  m_begin = m_end;
  append(bytes);
}

}  // namespace sandmux::broker

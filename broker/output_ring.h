#pragma once
// The output kept for one session: the last `capacity` bytes it wrote, addressed by
// ABSOLUTE cursors (bytes written since the ring was created, never reset).
// Invariants: oldest() <= cursor(); cursor() - oldest() <= capacity(); the byte with
// cursor c, when retained, lives at m_data[c % capacity]. No memory is allocated until
// the first non-empty write, so an idle session costs sizeof(OutputRing) bytes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace sandmux::broker {

inline constexpr std::size_t kDefaultRingCapacity = std::size_t{2} << 20;  // 2 MiB

enum class RingReadStatus {
  ok,       ///< the bytes right after the requested cursor
  expired,  ///< the cursor is older than the oldest retained byte; `lost` bytes are gone
  ahead,    ///< the cursor is beyond cursor(): nothing was ever written there
};

/// The result of OutputRing::read_since. The bytes are `first` then `second` (the part
/// after the wrap, often empty): views into the ring, valid until its next write.
struct RingRead {
  RingReadStatus status = RingReadStatus::ok;
  std::string_view first;
  std::string_view second;
  std::uint64_t begin = 0;        ///< cursor of the first byte returned
  std::uint64_t next_cursor = 0;  ///< cursor after the last byte returned
  std::uint64_t lost = 0;         ///< expired: bytes between the requested cursor and begin

  std::size_t size() const { return first.size() + second.size(); }
  /// first + second, copied.
  std::string str() const;
};

class OutputRing {
 public:
  /// CAPACITY bytes are retained (at least 1); nothing is allocated yet.
  explicit OutputRing(std::size_t capacity = kDefaultRingCapacity);

  OutputRing(OutputRing&&) noexcept = default;
  OutputRing& operator=(OutputRing&&) noexcept = default;

  /// Appends BYTES, dropping the oldest bytes beyond capacity. Allocates on first use.
  void append(std::string_view bytes);

  /// The bytes from CURSOR on, at most MAX_BYTES of them. When CURSOR has expired,
  /// the retained bytes from oldest() on, with `lost` = oldest() - CURSOR; when it is
  /// ahead of cursor(), nothing, with next_cursor = cursor().
  RingRead read_since(std::uint64_t cursor, std::size_t max_bytes = SIZE_MAX) const;

  /// Forgets the retained bytes and keeps BYTES (its last capacity() bytes) as the
  /// newest output, e.g. the screen from capture-pane after a broker restart. The
  /// cursor does not go back: the refill lies at [old cursor(), old cursor() + size).
  void reset_with(std::string_view bytes);

  /// Cursor after the last byte written: the total written since creation.
  std::uint64_t cursor() const { return m_end; }
  /// Cursor of the oldest byte still retained (== cursor() when nothing is retained).
  std::uint64_t oldest() const { return m_begin; }
  std::size_t size() const { return static_cast<std::size_t>(m_end - m_begin); }
  std::size_t capacity() const { return m_capacity; }
  /// Heap bytes held: 0 until the first write, then capacity().
  std::size_t allocated_bytes() const { return m_data ? m_capacity : 0; }

 private:
  std::string_view view(std::uint64_t from, std::size_t length) const;

  std::unique_ptr<char[]> m_data;
  std::size_t m_capacity;
  std::uint64_t m_begin = 0;
  std::uint64_t m_end = 0;
};

}  // namespace sandmux::broker

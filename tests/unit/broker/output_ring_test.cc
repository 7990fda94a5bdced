// The output ring: exact absolute cursors, wraparound, expiry, refill and lazy memory.
#include "broker/output_ring.h"

#include <gtest/gtest.h>

namespace sandmux::broker {
namespace {

TEST(OutputRing, IdleRingCostsNoHeap) {
  static_assert(sizeof(OutputRing) <= 32);
  const OutputRing ring;
  EXPECT_EQ(ring.capacity(), kDefaultRingCapacity);
  EXPECT_EQ(ring.allocated_bytes(), 0u);
  EXPECT_EQ(ring.read_since(0).size(), 0u);
}

TEST(OutputRing, FirstNonEmptyWriteAllocatesCapacity) {
  OutputRing ring(64);
  ring.append("");
  ring.reset_with("");
  EXPECT_EQ(ring.allocated_bytes(), 0u);
  ring.append("x");
  EXPECT_EQ(ring.allocated_bytes(), 64u);
}

TEST(OutputRing, ReadsExactlyTheBytesAfterTheCursor) {
  OutputRing ring(16);
  ring.append("hello ");
  ring.append("world");
  EXPECT_EQ(ring.cursor(), 11u);
  const RingRead all = ring.read_since(0);
  EXPECT_EQ(all.status, RingReadStatus::ok);
  EXPECT_EQ(all.str(), "hello world");
  EXPECT_EQ(all.next_cursor, 11u);
  EXPECT_EQ(ring.read_since(6).str(), "world");
  const RingRead none = ring.read_since(11);
  EXPECT_EQ(none.status, RingReadStatus::ok);
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.next_cursor, 11u);
}

TEST(OutputRing, WrapReturnsTwoViewsInOrder) {
  OutputRing ring(8);
  ring.append("abcdef");  // cursors 0..5 at slots 0..5
  ring.append("ghij");    // g,h at slots 6,7; i,j wrap to 0,1
  EXPECT_EQ(ring.oldest(), 2u);
  const RingRead read = ring.read_since(4);
  EXPECT_EQ(read.first, "efgh");
  EXPECT_EQ(read.second, "ij");
  EXPECT_EQ(read.begin, 4u);
  EXPECT_EQ(read.next_cursor, 10u);
}

TEST(OutputRing, ExpiryBoundaryIsTheOldestRetainedByte) {
  OutputRing ring(8);
  ring.append("0123456789");  // keeps "23456789", oldest cursor 2
  EXPECT_EQ(ring.read_since(2).status, RingReadStatus::ok);
  EXPECT_EQ(ring.read_since(2).str(), "23456789");
  const RingRead expired = ring.read_since(1);
  EXPECT_EQ(expired.status, RingReadStatus::expired);
  EXPECT_EQ(expired.lost, 1u);
  EXPECT_EQ(expired.begin, 2u);
  EXPECT_EQ(expired.str(), "23456789");
  EXPECT_EQ(ring.read_since(0).lost, 2u);
}

TEST(OutputRing, CursorAheadOfOutputSaysSo) {
  OutputRing ring(8);
  ring.append("abc");
  const RingRead read = ring.read_since(4);
  EXPECT_EQ(read.status, RingReadStatus::ahead);
  EXPECT_EQ(read.size(), 0u);
  EXPECT_EQ(read.next_cursor, 3u);
}

TEST(OutputRing, WriteLargerThanCapacityKeepsItsTail) {
  OutputRing ring(4);
  ring.append("x");
  ring.append("abcdefghij");
  EXPECT_EQ(ring.cursor(), 11u);
  EXPECT_EQ(ring.oldest(), 7u);
  EXPECT_EQ(ring.read_since(7).str(), "ghij");
}

TEST(OutputRing, MaxBytesChunksAndCursorsChain) {
  OutputRing ring(8);
  ring.append("abcdefghijkl");  // oldest 4: "efghijkl", wrapped at slot 0 = 'i'
  std::string collected;
  std::uint64_t at = ring.oldest();
  for (;;) {
    const RingRead read = ring.read_since(at, 3);
    if (read.size() == 0) break;
    EXPECT_LE(read.size(), 3u);
    EXPECT_EQ(read.begin, at);
    collected += read.str();
    at = read.next_cursor;
  }
  EXPECT_EQ(collected, "efghijkl");
  EXPECT_EQ(at, ring.cursor());
}

TEST(OutputRing, ResetWithRefillsWithoutMovingTheCursorBack) {
  OutputRing ring(8);
  ring.append("old output");
  ring.reset_with("screen");
  EXPECT_EQ(ring.oldest(), 10u);
  EXPECT_EQ(ring.cursor(), 16u);
  EXPECT_EQ(ring.read_since(10).str(), "screen");
  EXPECT_EQ(ring.read_since(3).status, RingReadStatus::expired);
  EXPECT_EQ(ring.read_since(3).lost, 7u);
  ring.reset_with("a much longer screen");
  EXPECT_EQ(ring.cursor(), 36u);
  EXPECT_EQ(ring.read_since(ring.oldest()).str(), "r screen");
}

TEST(OutputRing, CursorsStayExactOverManyWraps) {
  OutputRing ring(7);
  std::string all;
  for (int i = 0; i < 200; ++i) {
    const std::string chunk(static_cast<std::size_t>(i % 11), static_cast<char>('a' + i % 26));
    ring.append(chunk);
    all += chunk;
    ASSERT_EQ(ring.cursor(), all.size());
    const std::uint64_t from = ring.oldest();
    ASSERT_EQ(ring.read_since(from).str(), all.substr(from));
    ASSERT_EQ(ring.size(), std::min<std::size_t>(all.size(), 7));
  }
}

TEST(OutputRing, MovedRingKeepsItsBytes) {
  OutputRing ring(8);
  ring.append("abc");
  OutputRing moved = std::move(ring);
  EXPECT_EQ(moved.read_since(0).str(), "abc");
}

}  // namespace
}  // namespace sandmux::broker

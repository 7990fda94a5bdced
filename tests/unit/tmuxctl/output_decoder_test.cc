// decode_output / encode_output: exact octal handling.
#include "tmuxctl/output_decoder.h"

#include <gtest/gtest.h>

namespace sandmux::tmuxctl {
namespace {

std::string decode(std::string_view in, std::size_t* malformed = nullptr) {
  std::string out;
  const auto bad = decode_output(in, out);
  if (malformed) *malformed = bad;
  return out;
}

TEST(OutputDecoder, OutputUnescapesOctal) {
  EXPECT_EQ(decode("\\000\\134\\177\\377"), std::string("\0\\\x7f\xff", 4));
  EXPECT_EQ(decode("a\\015\\012b"), "a\r\nb");
}

TEST(OutputDecoder, RawHighBytesPassThrough) {
  EXPECT_EQ(decode("\x7f\x80\xff\xc3\xa9"), "\x7f\x80\xff\xc3\xa9");
}

TEST(OutputDecoder, PlainTextStaysPlain) { EXPECT_EQ(decode("hello world"), "hello world"); }

TEST(OutputDecoder, MalformedEscapesAreKeptVerbatimAndCounted) {
  struct Row {
    std::string_view in;
    std::string_view out;
    std::size_t malformed;
  };
  const Row rows[] = {
      {"\\", "\\", 1},         {"\\0", "\\0", 1},       {"\\01", "\\01", 1},
      {"\\018", "\\018", 1},   {"\\400", "\\400", 1},   {"\\777", "\\777", 1},
      {"\\x41", "\\x41", 1},   {"\\\\134", "\\\\", 1},  {"\\0012", "\x01" "2", 0},
  };
  for (const auto& row : rows) {
    std::size_t malformed = 0;
    EXPECT_EQ(decode(row.in, &malformed), row.out) << row.in;
    EXPECT_EQ(malformed, row.malformed) << row.in;
  }
}

TEST(OutputDecoder, EncodeThenDecodeIsIdentityForAllBytes) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  std::string encoded;
  encode_output(all, encoded);
  EXPECT_EQ(encoded.find('\n'), std::string::npos);
  EXPECT_EQ(decode(encoded), all);
}

TEST(OutputDecoder, EncodeMatchesTmux) {
  std::string encoded;
  encode_output(std::string("\0\\\x1b[m\x7f", 6), encoded);
  EXPECT_EQ(encoded, "\\000\\134\\033[m\x7f");
}

}  // namespace
}  // namespace sandmux::tmuxctl

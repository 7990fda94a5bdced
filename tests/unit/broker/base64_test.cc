// Base64: RFC 4648 vectors, every byte, pieces, strict decoding.
#include "broker/base64.h"

#include <gtest/gtest.h>

#include <vector>

namespace sandmux::broker {
namespace {

TEST(Base64, Rfc4648TestVectors) {
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(base64_encode(bytes), text);
    EXPECT_EQ(base64_decode(text), bytes);
  }
}

TEST(Base64, EveryByteRoundTrips) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    EXPECT_EQ(base64_decode(base64_encode(all.substr(0, n))), all.substr(0, n));
  }
  EXPECT_EQ(base64_encode(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(Base64, PiecesEncodeLikeTheWhole) {
  const std::string whole = "the output of a wrapped ring";
  for (std::size_t cut = 0; cut <= whole.size(); ++cut) {
    Base64Encoder encoder;
    encoder.add(whole.substr(0, cut));
    encoder.add(whole.substr(cut));
    EXPECT_EQ(encoder.finish(), base64_encode(whole)) << cut;
  }
}

TEST(Base64, DecodingIsStrict) {
  for (const char* bad : {"Zg", "Zg=", "Z===", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n",
                          "Zg==Zg==", "=Zg=", "Zm-v", "Zm_v"}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace sandmux::broker

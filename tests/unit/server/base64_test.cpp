#include "server/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace onnxocr::server {
namespace {

std::string Decoded(std::string_view text) {
  auto bytes = DecodeBase64(text);
  EXPECT_TRUE(bytes.ok()) << (bytes.ok() ? "" : bytes.error().message);
  return bytes.ok() ? std::string(bytes->begin(), bytes->end()) : std::string();
}

TEST(Base64Test, DecodesRfc4648Vectors) {
  EXPECT_EQ(Decoded("Zg=="), "f");
  EXPECT_EQ(Decoded("Zm8="), "fo");
  EXPECT_EQ(Decoded("Zm9v"), "foo");
  EXPECT_EQ(Decoded("Zm9vYg=="), "foob");
  EXPECT_EQ(Decoded("Zm9vYmE="), "fooba");
  EXPECT_EQ(Decoded("Zm9vYmFy"), "foobar");
}

TEST(Base64Test, PaddingIsOptional) {
  EXPECT_EQ(Decoded("Zg"), "f");
  EXPECT_EQ(Decoded("Zm8"), "fo");
}

TEST(Base64Test, AcceptsWhitespaceAndDataUrls) {
  EXPECT_EQ(Decoded("Zm9v\nYmFy\r\n"), "foobar");
  EXPECT_EQ(Decoded("  Zm9v YmFy\t"), "foobar");
  EXPECT_EQ(Decoded("data:image/png;base64,Zm9vYmFy"), "foobar");
  EXPECT_EQ(Decoded("\ndata:application/octet-stream;base64,\nZm9v\nYmFy"), "foobar");
}

TEST(Base64Test, RejectsInvalidInput) {
  for (const char* bad : {"", "   ", "Zm9v!", "Z", "Zm9vY", "Zg===", "Zg=a", "data:image/png,Zm9v", "Zm9v-_"}) {
    auto bytes = DecodeBase64(bad);
    ASSERT_FALSE(bytes.ok()) << bad;
    EXPECT_EQ(bytes.error().code, ErrorCode::kMalformedRequest) << bad;
    EXPECT_FALSE(bytes.error().message.empty());
  }
}

TEST(Base64Test, RoundTripsAllByteValues) {
  std::string raw;
  for (int i = 0; i < 256; ++i) raw += static_cast<char>(i);
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string encoded;
  for (std::size_t i = 0; i < raw.size(); i += 3) {
    const auto b0 = static_cast<unsigned char>(raw[i]);
    const auto b1 = i + 1 < raw.size() ? static_cast<unsigned char>(raw[i + 1]) : 0u;
    const auto b2 = i + 2 < raw.size() ? static_cast<unsigned char>(raw[i + 2]) : 0u;
    encoded += kAlphabet[b0 >> 2];
    encoded += kAlphabet[((b0 & 3) << 4) | (b1 >> 4)];
    encoded += i + 1 < raw.size() ? kAlphabet[((b1 & 15) << 2) | (b2 >> 6)] : '=';
    encoded += i + 2 < raw.size() ? kAlphabet[b2 & 63] : '=';
  }
  EXPECT_EQ(Decoded(encoded), raw);
}

}  // namespace
}  // namespace onnxocr::server

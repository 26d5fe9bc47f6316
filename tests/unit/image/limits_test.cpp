#include <gtest/gtest.h>

#include "test_fixtures.h"

namespace onnxocr {
namespace {

using testing::ExpectDecodeError;

TEST(DecodeLimits, PngHeaderClaiming50000x50000) {
  const auto decoded = DecodeImage(testing::ReadFixture("png_huge_header.png"), DecodeLimits{});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(decoded.error().message.find("50000x50000 = 2500000000 pixels, limit is 40000000"), std::string::npos)
      << decoded.error().message;
}

TEST(DecodeLimits, JpegSofClaiming50000x50000) {
  ExpectDecodeError(testing::ReadFixture("jpeg_huge_sof.jpg"), ErrorCode::kLimitExceeded);
}

TEST(DecodeLimits, WideImageHitsMaxSide) {
  const auto decoded = DecodeImage(testing::ReadFixture("png_wide_header.png"), DecodeLimits{});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(decoded.error().message.find("100000x1"), std::string::npos) << decoded.error().message;
  EXPECT_NE(decoded.error().message.find("16384"), std::string::npos) << decoded.error().message;
}

TEST(DecodeLimits, EveryFormatChecksPixelsAndSide) {
  DecodeLimits small_area;
  small_area.max_pixels = 48 * 32 - 1;
  DecodeLimits short_side;
  short_side.max_side = 47;
  for (const char* name : {"jpeg_baseline.jpg", "png_rgb.png", "webp_lossy.webp", "bmp_24.bmp", "tiff_rgb.tif"}) {
    SCOPED_TRACE(name);
    ExpectDecodeError(testing::ReadFixture(name), ErrorCode::kLimitExceeded, small_area);
    ExpectDecodeError(testing::ReadFixture(name), ErrorCode::kLimitExceeded, short_side);
    DecodeLimits exact;
    exact.max_pixels = 48 * 32;
    exact.max_side = 48;
    EXPECT_TRUE(DecodeImage(testing::ReadFixture(name), exact).ok());
  }
}

void PutU32(std::vector<std::uint8_t>& bytes, std::size_t offset, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

TEST(DecodeLimits, BmpHeaderClaimingHugeSizeFailsBeforeReadingPixels) {
  std::vector<std::uint8_t> bytes = testing::ReadFixture("bmp_24.bmp");
  PutU32(bytes, 14 + 4, 100000);  // width
  PutU32(bytes, 14 + 8, 1);       // height
  ExpectDecodeError(bytes, ErrorCode::kLimitExceeded);
  PutU32(bytes, 14 + 4, 0x7FFFFFFF);
  PutU32(bytes, 14 + 8, 0x80000001);  // top-down, 2^31-1 rows
  ExpectDecodeError(bytes, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace onnxocr

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

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

std::size_t CountScans(const std::vector<std::uint8_t>& jpeg) {
  std::size_t scans = 0;
  for (std::size_t i = 0; i + 1 < jpeg.size(); ++i) {
    if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA) ++scans;
  }
  return scans;
}

TEST(DecodeLimits, ProgressiveJpegScanLimit) {
  const std::vector<std::uint8_t> bytes = testing::ReadFixture("jpeg_progressive.jpg");
  const int scans = static_cast<int>(CountScans(bytes));
  ASSERT_GT(scans, 2);
  DecodeLimits limits;
  limits.max_jpeg_scans = scans;
  EXPECT_TRUE(DecodeImage(bytes, limits).ok());
  limits.max_jpeg_scans = scans - 1;
  const auto decoded = DecodeImage(bytes, limits);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(decoded.error().message.find("progressive scans, limit is " + std::to_string(scans - 1)), std::string::npos)
      << decoded.error().message;
}

TEST(DecodeLimits, TotalPixelsOfAllTiffPages) {
  const std::vector<std::uint8_t> bytes = testing::ReadFixture("tiff_multipage.tif");
  const auto pages = DecodeImage(bytes, DecodeLimits{});
  ASSERT_TRUE(pages.ok());
  ASSERT_GT(pages->size(), 1u);
  std::int64_t total = 0;
  for (const cv::Mat& page : *pages) total += std::int64_t{page.cols} * page.rows;
  DecodeLimits limits;
  limits.max_total_pixels = total;
  EXPECT_TRUE(DecodeImage(bytes, limits).ok());
  limits.max_total_pixels = total - 1;
  const auto refused = DecodeImage(bytes, limits);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(refused.error().message.find("limit is " + std::to_string(total - 1)), std::string::npos)
      << refused.error().message;
}

std::uint32_t Crc32(const std::uint8_t* data, std::size_t size) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void PutBigEndian32(std::vector<std::uint8_t>& out, std::uint32_t value) {
  const std::uint8_t bytes[4] = {static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
                                 static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
  out.insert(out.end(), std::begin(bytes), std::end(bytes));
}

// `png` with `count` tEXt chunks of `size` bytes each inserted after IHDR.
std::vector<std::uint8_t> WithTextChunks(const std::vector<std::uint8_t>& png, int count, std::size_t size) {
  constexpr std::size_t kAfterIhdr = 8 + 4 + 4 + 13 + 4;
  std::vector<std::uint8_t> out(png.begin(), png.begin() + kAfterIhdr);
  for (int i = 0; i < count; ++i) {
    std::vector<std::uint8_t> chunk(4 + size, 'x');
    std::memcpy(chunk.data(), "tEXtComment", 12);  // type, keyword and its NUL
    PutBigEndian32(out, static_cast<std::uint32_t>(size));
    out.insert(out.end(), chunk.begin(), chunk.end());
    PutBigEndian32(out, Crc32(chunk.data(), chunk.size()));
  }
  out.insert(out.end(), png.begin() + kAfterIhdr, png.end());
  return out;
}

TEST(DecodeLimits, PngAncillaryChunkLimits) {
  const std::vector<std::uint8_t> plain = testing::ReadFixture("png_rgb.png");
  const auto reference = DecodeImage(plain, DecodeLimits{});
  ASSERT_TRUE(reference.ok());

  const std::vector<std::uint8_t> big_chunk = WithTextChunks(plain, 1, 4096);
  EXPECT_TRUE(DecodeImage(big_chunk, DecodeLimits{}).ok());
  DecodeLimits small_chunks;
  small_chunks.max_png_chunk_bytes = 1024;
  const auto refused = DecodeImage(big_chunk, small_chunks);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kLimitExceeded) << refused.error().message;

  EXPECT_NE(refused.error().message.find("PNG chunk tEXt is 4096 bytes, limit is 1024"), std::string::npos)
      << refused.error().message;

  const std::vector<std::uint8_t> many_chunks = WithTextChunks(plain, 20, 64);
  const auto decoded = DecodeImage(many_chunks, DecodeLimits{});
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(cv::norm(decoded->front(), reference->front(), cv::NORM_INF), 0);
  DecodeLimits few_chunks;
  few_chunks.max_png_chunks = 19;
  const auto too_many = DecodeImage(many_chunks, few_chunks);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, ErrorCode::kLimitExceeded) << too_many.error().message;
}

}  // namespace
}  // namespace onnxocr

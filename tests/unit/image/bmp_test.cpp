#include <gtest/gtest.h>

#include <cstring>

#include "test_fixtures.h"

namespace onnxocr {
namespace {

using testing::ExpectDecodeError;
using testing::ExpectMatchesOpenCv;

TEST(BmpDecode, Bgr24BottomUp) {
  ExpectMatchesOpenCv("bmp_24.bmp");
}
TEST(BmpDecode, Bgr24TopDown) {
  ExpectMatchesOpenCv("bmp_24_topdown.bmp");
}
TEST(BmpDecode, Bgra32DropsAlpha) {
  ExpectMatchesOpenCv("bmp_32.bmp");
}
TEST(BmpDecode, V5HeaderBitfields32) {
  ExpectMatchesOpenCv("bmp_32_v5_bitfields.bmp");
}
TEST(BmpDecode, Bitfields565) {
  ExpectMatchesOpenCv("bmp_16_565.bmp");
}
TEST(BmpDecode, Rgb555) {
  ExpectMatchesOpenCv("bmp_16_555.bmp");
}
TEST(BmpDecode, Palette8) {
  ExpectMatchesOpenCv("bmp_8_palette.bmp");
}
TEST(BmpDecode, Palette4) {
  ExpectMatchesOpenCv("bmp_4_palette.bmp");
}
TEST(BmpDecode, Monochrome1) {
  ExpectMatchesOpenCv("bmp_1.bmp");
}

TEST(BmpDecode, TruncatedIsCorrupt) {
  for (const char* name : {"bmp_24.bmp", "bmp_8_palette.bmp", "bmp_32_v5_bitfields.bmp"}) {
    const std::size_t size = testing::ReadFixture(name).size();
    for (std::size_t cut : {std::size_t{10}, std::size_t{20}, std::size_t{60}, size / 2, size - 5}) {
      SCOPED_TRACE(std::string(name) + " cut at " + std::to_string(cut));
      ExpectDecodeError(testing::Truncated(name, cut), ErrorCode::kCorruptInput);
    }
  }
}

void PutU32(std::vector<std::uint8_t>& bytes, std::size_t offset, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

TEST(BmpDecode, RleIsUnsupportedWithAMessage) {
  std::vector<std::uint8_t> bytes = testing::ReadFixture("bmp_8_palette.bmp");
  PutU32(bytes, 14 + 16, 1);  // biCompression = BI_RLE8
  ExpectDecodeError(bytes, ErrorCode::kUnsupportedFormat);
}

TEST(BmpDecode, PixelOffsetPastEndIsCorrupt) {
  std::vector<std::uint8_t> bytes = testing::ReadFixture("bmp_24.bmp");
  PutU32(bytes, 10, 0xFFFFFFF0u);
  ExpectDecodeError(bytes, ErrorCode::kCorruptInput);
}

TEST(BmpDecode, HugePaletteCountIsCorrupt) {
  std::vector<std::uint8_t> bytes = testing::ReadFixture("bmp_8_palette.bmp");
  PutU32(bytes, 14 + 32, 100000);  // biClrUsed
  ExpectDecodeError(bytes, ErrorCode::kCorruptInput);
}

TEST(BmpDecode, ZeroWidthIsCorrupt) {
  std::vector<std::uint8_t> bytes = testing::ReadFixture("bmp_24.bmp");
  PutU32(bytes, 14 + 4, 0);
  ExpectDecodeError(bytes, ErrorCode::kCorruptInput);
}

}  // namespace
}  // namespace onnxocr

#include <gtest/gtest.h>

#include "test_fixtures.h"

namespace onnxocr {
namespace {

using testing::ExpectDecodeError;
using testing::ExpectMatchesOpenCv;

TEST(PngDecode, Rgb8) {
  ExpectMatchesOpenCv("png_rgb.png");
}
TEST(PngDecode, RgbaDropsAlphaWithoutBlending) {
  ExpectMatchesOpenCv("png_rgba.png");
}
TEST(PngDecode, GrayIsReplicated) {
  ExpectMatchesOpenCv("png_gray.png");
}
TEST(PngDecode, GrayAlpha) {
  ExpectMatchesOpenCv("png_gray_alpha.png");
}
TEST(PngDecode, OneBitGray) {
  ExpectMatchesOpenCv("png_gray1.png");
}
TEST(PngDecode, Gray16KeepsHighByte) {
  ExpectMatchesOpenCv("png_gray16.png");
}
TEST(PngDecode, Rgb16KeepsHighByte) {
  ExpectMatchesOpenCv("png_rgb16.png");
}
TEST(PngDecode, PaletteWithTransparency) {
  ExpectMatchesOpenCv("png_palette_trns.png");
}

TEST(PngDecode, TruncatedIsCorrupt) {
  const std::size_t size = testing::ReadFixture("png_rgb.png").size();
  for (std::size_t cut : {std::size_t{12}, std::size_t{40}, size / 2, size - 13, size - 1}) {
    SCOPED_TRACE(cut);
    ExpectDecodeError(testing::Truncated("png_rgb.png", cut), ErrorCode::kCorruptInput);
  }
}

TEST(PngDecode, BadIdatCrcIsCorrupt) {
  std::vector<std::uint8_t> bytes = testing::ReadFixture("png_rgb.png");
  bytes[bytes.size() - 20] ^= 0x5A;  // inside the last IDAT (before its CRC and IEND)
  ExpectDecodeError(bytes, ErrorCode::kCorruptInput);
}

}  // namespace
}  // namespace onnxocr

#include <gtest/gtest.h>

#include <string_view>

#include "core/image_decode.h"
#include "test_fixtures.h"

namespace onnxocr {
namespace {

ImageFormat Sniff(std::string_view bytes) {
  return SniffImageFormat(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

using namespace std::string_view_literals;

TEST(SniffImageFormat, RecognisesMagicBytes) {
  EXPECT_EQ(Sniff("\xFF\xD8\xFF\xE0rest"sv), ImageFormat::kJpeg);
  EXPECT_EQ(Sniff("\x89PNG\r\n\x1A\n...."sv), ImageFormat::kPng);
  EXPECT_EQ(Sniff("RIFF\x10\0\0\0WEBPVP8 "sv), ImageFormat::kWebp);
  EXPECT_EQ(Sniff("BM\0\0\0\0"sv), ImageFormat::kBmp);
  EXPECT_EQ(Sniff("II*\0\x08\0\0\0"sv), ImageFormat::kTiff);
  EXPECT_EQ(Sniff("MM\0*\0\0\0\x08"sv), ImageFormat::kTiff);
  EXPECT_EQ(Sniff("II+\0\x08\0\0\0"sv), ImageFormat::kTiff);
  EXPECT_EQ(Sniff("%PDF-1.7\n"sv), ImageFormat::kPdf);
}

TEST(SniffImageFormat, RejectsNearMissesAndShortInput) {
  EXPECT_EQ(Sniff(""sv), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("\xFF\xD8"sv), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("\x89PNG\r\n"sv), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("RIFF\x10\0\0\0WAVEfmt "sv), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("II*\x01"sv), ImageFormat::kUnknown);
  EXPECT_EQ(Sniff("%PDF"sv), ImageFormat::kUnknown);
}

TEST(SniffImageFormat, RecognisesFixtures) {
  EXPECT_EQ(SniffImageFormat(testing::ReadFixture("jpeg_baseline.jpg")), ImageFormat::kJpeg);
  EXPECT_EQ(SniffImageFormat(testing::ReadFixture("png_rgb.png")), ImageFormat::kPng);
  EXPECT_EQ(SniffImageFormat(testing::ReadFixture("webp_lossy.webp")), ImageFormat::kWebp);
  EXPECT_EQ(SniffImageFormat(testing::ReadFixture("bmp_24.bmp")), ImageFormat::kBmp);
  EXPECT_EQ(SniffImageFormat(testing::ReadFixture("tiff_rgb.tif")), ImageFormat::kTiff);
}

TEST(ImageFormatName, NamesEveryFormat) {
  EXPECT_EQ(ImageFormatName(ImageFormat::kJpeg), "JPEG");
  EXPECT_EQ(ImageFormatName(ImageFormat::kPdf), "PDF");
  EXPECT_EQ(ImageFormatName(ImageFormat::kUnknown), "unknown");
}

TEST(DecodeImage, EmptyInputIsUnsupported) {
  testing::ExpectDecodeError({}, ErrorCode::kUnsupportedFormat);
}

TEST(DecodeImage, RandomBytesAreUnsupported) {
  std::vector<std::uint8_t> bytes(4096);
  std::uint32_t state = 12345;
  for (auto& byte : bytes) {
    state = state * 1664525u + 1013904223u;
    byte = static_cast<std::uint8_t>(state >> 24);
  }
  bytes[0] = 0x00;  // make sure no magic happens to match
  testing::ExpectDecodeError(bytes, ErrorCode::kUnsupportedFormat);
}

TEST(DecodeImage, PdfMustBeRasterisedFirst) {
  const std::string_view pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n";
  const std::vector<std::uint8_t> bytes(pdf.begin(), pdf.end());
  const auto decoded = DecodeImage(bytes, DecodeLimits{});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, ErrorCode::kUnsupportedFormat);
  EXPECT_NE(decoded.error().message.find("PDF"), std::string::npos);
}

}  // namespace
}  // namespace onnxocr

#include <gtest/gtest.h>

#include "test_fixtures.h"

namespace onnxocr {
namespace {

using testing::ExpectDecodeError;
using testing::ExpectMatchesOpenCv;

TEST(TiffDecode, Rgb) {
  ExpectMatchesOpenCv("tiff_rgb.tif");
}
TEST(TiffDecode, RgbLzw) {
  ExpectMatchesOpenCv("tiff_rgb_lzw.tif");
}
TEST(TiffDecode, Palette) {
  ExpectMatchesOpenCv("tiff_palette.tif");
}
// OpenCV reads 8-bit output through libtiff's RGBA interface, which rounds
// 16-bit samples (it does not keep the high byte); we match OpenCV.
TEST(TiffDecode, Gray16) {
  ExpectMatchesOpenCv("tiff_gray16.tif");
}

TEST(TiffDecode, MultiPageReturnsEveryPage) {
  ExpectMatchesOpenCv("tiff_multipage.tif");
  const auto decoded = DecodeImage(testing::ReadFixture("tiff_multipage.tif"), DecodeLimits{});
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(decoded->size(), 3u);
  EXPECT_EQ((*decoded)[1].size(), cv::Size(20, 36));
  EXPECT_EQ((*decoded)[2].size(), cv::Size(33, 17));
}

TEST(TiffDecode, FirstPageSelectionDecodesOnlyTheFirstPage) {
  const auto bytes = testing::ReadFixture("tiff_multipage.tif");
  const auto all = DecodeImage(bytes, DecodeLimits{});
  const auto first = DecodeImage(bytes, DecodeLimits{}, PageSelection::kFirst);
  ASSERT_TRUE(all.ok());
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ(cv::norm(first->front(), all->front(), cv::NORM_INF), 0.0);
  // The other pages are not read, so max_frames does not apply to them.
  DecodeLimits one_frame;
  one_frame.max_frames = 1;
  EXPECT_FALSE(DecodeImage(bytes, one_frame).ok());
  EXPECT_TRUE(DecodeImage(bytes, one_frame, PageSelection::kFirst).ok());
}

TEST(TiffDecode, TruncatedIsCorrupt) {
  for (const char* name : {"tiff_rgb.tif", "tiff_rgb_lzw.tif", "tiff_multipage.tif"}) {
    const std::size_t size = testing::ReadFixture(name).size();
    for (std::size_t cut : {std::size_t{4}, std::size_t{12}, size / 2, size - 4}) {
      SCOPED_TRACE(std::string(name) + " cut at " + std::to_string(cut));
      ExpectDecodeError(testing::Truncated(name, cut), ErrorCode::kCorruptInput);
    }
  }
}

TEST(TiffDecode, MorePagesThanMaxFramesIsLimitExceeded) {
  DecodeLimits limits;
  limits.max_frames = 2;
  ExpectDecodeError(testing::ReadFixture("tiff_multipage.tif"), ErrorCode::kLimitExceeded, limits);
  limits.max_frames = 3;
  EXPECT_TRUE(DecodeImage(testing::ReadFixture("tiff_multipage.tif"), limits).ok());
}

TEST(TiffDecode, EachPageIsCheckedAgainstLimits) {
  DecodeLimits limits;
  limits.max_pixels = 40 * 30;  // page 1 (48x32) is over, pages 2 and 3 are under
  const auto decoded = DecodeImage(testing::ReadFixture("tiff_multipage.tif"), limits);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(decoded.error().message.find("TIFF page 1"), std::string::npos) << decoded.error().message;
}

}  // namespace
}  // namespace onnxocr

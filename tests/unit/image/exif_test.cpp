#include <gtest/gtest.h>

#include "core/image/exif_orientation.h"
#include "test_fixtures.h"

namespace onnxocr {
namespace {

using image_internal::ApplyExifOrientation;
using image_internal::ParseExifOrientation;

constexpr std::uint16_t kShort = 3;
constexpr std::uint16_t kLong = 4;

// Builds an APP1 payload: "Exif\0\0", a TIFF header, and IFD0 holding an
// unrelated tag followed by the orientation tag.
class ExifBuilder {
 public:
  explicit ExifBuilder(bool little_endian) : little_endian_(little_endian) {}

  std::vector<std::uint8_t> Build(std::uint16_t type, std::uint16_t value) {
    bytes_ = {'E', 'x', 'i', 'f', 0, 0};
    bytes_.push_back(little_endian_ ? 'I' : 'M');
    bytes_.push_back(little_endian_ ? 'I' : 'M');
    U16(42);
    U32(8);                               // IFD0 right after the header
    U16(2);                               // entries
    U16(0x010F), U16(2), U32(4), U32(0);  // Make, ASCII, 4 bytes inline
    U16(0x0112), U16(type), U32(1), U16(value), U16(0);
    U32(0);  // no next IFD
    return bytes_;
  }

 private:
  void U16(std::uint16_t v) {
    const std::uint8_t high = static_cast<std::uint8_t>(v >> 8), low = static_cast<std::uint8_t>(v);
    bytes_.push_back(little_endian_ ? low : high);
    bytes_.push_back(little_endian_ ? high : low);
  }
  void U32(std::uint32_t v) {
    U16(static_cast<std::uint16_t>(little_endian_ ? v : v >> 16));
    U16(static_cast<std::uint16_t>(little_endian_ ? v >> 16 : v));
  }

  bool little_endian_;
  std::vector<std::uint8_t> bytes_;
};

TEST(ExifOrientation, ParsesBothByteOrders) {
  for (std::uint16_t value = 1; value <= 8; ++value) {
    EXPECT_EQ(ParseExifOrientation(ExifBuilder(true).Build(kShort, value)), value);
    EXPECT_EQ(ParseExifOrientation(ExifBuilder(false).Build(kShort, value)), value);
  }
}

TEST(ExifOrientation, OutOfRangeOrWrongTypeMeansTopLeft) {
  EXPECT_EQ(ParseExifOrientation(ExifBuilder(true).Build(kShort, 0)), 1);
  EXPECT_EQ(ParseExifOrientation(ExifBuilder(true).Build(kShort, 9)), 1);
  EXPECT_EQ(ParseExifOrientation(ExifBuilder(true).Build(kLong, 6)), 1);
}

TEST(ExifOrientation, EveryTruncationIsSafe) {
  const std::vector<std::uint8_t> full = ExifBuilder(false).Build(kShort, 6);
  for (std::size_t size = 0; size < full.size(); ++size) {
    const std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size));
    const int orientation = ParseExifOrientation(cut);
    // The value is fully present once the orientation entry's first 10 bytes are.
    EXPECT_TRUE(orientation == 1 || orientation == 6) << size;
  }
  EXPECT_EQ(ParseExifOrientation(full), 6);
}

TEST(ExifOrientation, HostileOffsetsAreIgnored) {
  std::vector<std::uint8_t> payload = ExifBuilder(true).Build(kShort, 6);
  payload[10] = 0xFF, payload[11] = 0xFF, payload[12] = 0xFF, payload[13] = 0xFF;  // IFD0 offset 4 GiB
  EXPECT_EQ(ParseExifOrientation(payload), 1);
  payload = ExifBuilder(true).Build(kShort, 6);
  payload[14] = 0xFF, payload[15] = 0xFF;  // 65535 entries: the real ones are still read, no overrun
  EXPECT_EQ(ParseExifOrientation(payload), 6);
  payload.resize(payload.size() - 16);  // drop the orientation entry; the count still claims 65535
  EXPECT_EQ(ParseExifOrientation(payload), 1);
  payload = ExifBuilder(true).Build(kShort, 6);
  payload[0] = 'X';  // not Exif
  EXPECT_EQ(ParseExifOrientation(payload), 1);
}

TEST(ExifOrientation, ApplyMatchesTheExifDefinition) {
  // 2x3 image; value = 10 * row + col.
  const cv::Mat source = (cv::Mat_<std::uint8_t>(2, 3) << 0, 1, 2, 10, 11, 12);
  const std::array<cv::Mat, 9> expected = {
      cv::Mat(),
      (cv::Mat_<std::uint8_t>(2, 3) << 0, 1, 2, 10, 11, 12),
      (cv::Mat_<std::uint8_t>(2, 3) << 2, 1, 0, 12, 11, 10),
      (cv::Mat_<std::uint8_t>(2, 3) << 12, 11, 10, 2, 1, 0),
      (cv::Mat_<std::uint8_t>(2, 3) << 10, 11, 12, 0, 1, 2),
      (cv::Mat_<std::uint8_t>(3, 2) << 0, 10, 1, 11, 2, 12),
      (cv::Mat_<std::uint8_t>(3, 2) << 10, 0, 11, 1, 12, 2),
      (cv::Mat_<std::uint8_t>(3, 2) << 12, 2, 11, 1, 10, 0),
      (cv::Mat_<std::uint8_t>(3, 2) << 2, 12, 1, 11, 0, 10),
  };
  for (int orientation = 1; orientation <= 8; ++orientation) {
    cv::Mat image = source.clone();
    ApplyExifOrientation(orientation, image);
    ASSERT_EQ(image.size(), expected[orientation].size()) << orientation;
    EXPECT_EQ(cv::norm(image, expected[orientation], cv::NORM_INF), 0) << orientation;
  }
}

// The fixtures store a 48x32 image whose corners are red (top-left), green
// (top-right), blue (bottom-left) and white (bottom-right).
TEST(ExifOrientation, JpegFixturesAreRotatedLikeOpenCv) {
  const cv::Vec3b red(0, 0, 255), green(0, 255, 0), blue(255, 0, 0), white(255, 255, 255);
  const std::array<cv::Vec3b, 9> top_left = {cv::Vec3b(), red, green, white, blue, red, blue, white, green};
  for (int orientation = 1; orientation <= 8; ++orientation) {
    const std::string name = "jpeg_exif_" + std::to_string(orientation) + ".jpg";
    SCOPED_TRACE(name);
    testing::ExpectMatchesOpenCv(name, 1);
    const auto decoded = DecodeImage(testing::ReadFixture(name), DecodeLimits{});
    ASSERT_TRUE(decoded.ok());
    const cv::Mat& image = decoded->front();
    const bool swapped = orientation >= 5;
    EXPECT_EQ(image.cols, swapped ? 32 : 48);
    EXPECT_EQ(image.rows, swapped ? 48 : 32);
    const cv::Vec3b corner = image.at<cv::Vec3b>(2, 2);
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(corner[c], top_left[orientation][c], 40) << "channel " << c;
  }
}

}  // namespace
}  // namespace onnxocr

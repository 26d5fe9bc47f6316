#include "core/line_preprocess.h"

#include <gtest/gtest.h>

#include <vector>

namespace onnxocr {
namespace {

TEST(ResizedLineWidthTest, KeepsAspectAndCaps) {
  EXPECT_EQ(ResizedLineWidth(cv::Mat(24, 48, CV_8UC3), 48, 320), 96);
  EXPECT_EQ(ResizedLineWidth(cv::Mat(10, 33, CV_8UC3), 48, 320), 159);  // ceil(158.4)
  EXPECT_EQ(ResizedLineWidth(cv::Mat(10, 1000, CV_8UC3), 48, 320), 320);
}

TEST(WriteNormalizedLineTest, ScalesToMinusOneToOneAndZeroPads) {
  const cv::Mat white(24, 48, CV_8UC3, cv::Scalar(255, 255, 255));
  std::vector<float> out(3 * 48 * 200, 42.0f);
  WriteNormalizedLine(white, 48, 200, out);
  const std::size_t plane = 48 * 200;
  for (int c = 0; c < 3; ++c) {
    EXPECT_FLOAT_EQ(out[c * plane + 0], 1.0f);
    EXPECT_FLOAT_EQ(out[c * plane + 95], 1.0f);  // last resized column
    EXPECT_FLOAT_EQ(out[c * plane + 96], 0.0f);  // padding
    EXPECT_FLOAT_EQ(out[c * plane + plane - 1], 0.0f);
  }
}

TEST(WriteNormalizedLineTest, BlackIsMinusOneAndChannelsStayInBgrOrder) {
  const cv::Mat line(48, 48, CV_8UC3, cv::Scalar(0, 255, 0));
  std::vector<float> out(3 * 48 * 48);
  WriteNormalizedLine(line, 48, 48, out);
  EXPECT_FLOAT_EQ(out[0], -1.0f);
  EXPECT_FLOAT_EQ(out[48 * 48], 1.0f);
  EXPECT_FLOAT_EQ(out[2 * 48 * 48], -1.0f);
}

}  // namespace
}  // namespace onnxocr

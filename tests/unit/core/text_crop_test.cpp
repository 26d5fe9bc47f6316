#include "core/text_crop.h"

#include <gtest/gtest.h>

namespace onnxocr {
namespace {

Quad Box(float x0, float y0, float x1, float y1) {
  return Quad{cv::Point2f(x0, y0), cv::Point2f(x1, y0), cv::Point2f(x1, y1), cv::Point2f(x0, y1)};
}

TEST(CropTextLineTest, AxisAlignedQuadCopiesTheRegion) {
  cv::Mat image(100, 200, CV_8UC3, cv::Scalar(0, 0, 0));
  image(cv::Rect(20, 30, 80, 20)).setTo(cv::Scalar(10, 200, 30));
  const cv::Mat crop = CropTextLine(image, Box(20, 30, 100, 50));
  ASSERT_EQ(crop.cols, 80);
  ASSERT_EQ(crop.rows, 20);
  EXPECT_EQ(crop.at<cv::Vec3b>(10, 40), cv::Vec3b(10, 200, 30));
  EXPECT_EQ(crop.at<cv::Vec3b>(0, 0), cv::Vec3b(10, 200, 30));
}

TEST(CropTextLineTest, TallCropsAreRotatedCounterClockwise) {
  cv::Mat image(200, 100, CV_8UC3, cv::Scalar(0, 0, 0));
  image(cv::Rect(10, 10, 20, 10)).setTo(cv::Scalar(255, 255, 255));  // top of the tall region
  const cv::Mat crop = CropTextLine(image, Box(10, 10, 30, 110));    // 20 wide, 100 tall
  ASSERT_EQ(crop.cols, 100);
  ASSERT_EQ(crop.rows, 20);
  // After a counter-clockwise turn the former top lies on the left.
  EXPECT_EQ(crop.at<cv::Vec3b>(10, 2), cv::Vec3b(255, 255, 255));
  EXPECT_EQ(crop.at<cv::Vec3b>(10, 90), cv::Vec3b(0, 0, 0));
}

TEST(CropTextLineTest, SlightlyTallCropsStayUpright) {
  const cv::Mat image(100, 100, CV_8UC3, cv::Scalar(1, 2, 3));
  const cv::Mat crop = CropTextLine(image, Box(0, 0, 20, 29));  // ratio 1.45 < 1.5
  EXPECT_EQ(crop.cols, 20);
  EXPECT_EQ(crop.rows, 29);
}

TEST(CropTextLineTest, RotatedQuadIsStraightened) {
  cv::Mat image(200, 200, CV_8UC3, cv::Scalar(0, 0, 0));
  const std::vector<cv::Point> diamond{{100, 40}, {160, 100}, {100, 160}, {40, 100}};
  cv::fillConvexPoly(image, diamond, cv::Scalar(255, 255, 255));
  const Quad quad{cv::Point2f(100, 40), cv::Point2f(160, 100), cv::Point2f(100, 160), cv::Point2f(40, 100)};
  const cv::Mat crop = CropTextLine(image, quad);
  EXPECT_EQ(crop.cols, 84);  // int(60 * sqrt(2))
  EXPECT_EQ(crop.rows, 84);
  EXPECT_EQ(crop.at<cv::Vec3b>(42, 42), cv::Vec3b(255, 255, 255));
}

}  // namespace
}  // namespace onnxocr

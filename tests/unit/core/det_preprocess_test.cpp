#include "core/det_preprocess.h"

#include <gtest/gtest.h>

namespace onnxocr {
namespace {

TEST(PlanDetResizeTest, MaxLimitScalesTheLongSideDown) {
  const DetResizePlan plan = PlanDetResize(1000, 500, 960, DetLimitType::kMax);
  EXPECT_EQ(plan.resized_height, 960);
  EXPECT_EQ(plan.resized_width, 480);
}

TEST(PlanDetResizeTest, SmallImagesKeepTheirScaleAndRoundToMultiplesOf32) {
  const DetResizePlan plan = PlanDetResize(100, 50, 960, DetLimitType::kMax);
  EXPECT_EQ(plan.resized_height, 96);  // 100/32 = 3.125 -> 3
  EXPECT_EQ(plan.resized_width, 64);   // 50/32 = 1.5625 -> 2
}

TEST(PlanDetResizeTest, RoundsHalfToEvenLikePython) {
  EXPECT_EQ(PlanDetResize(48, 80, 960, DetLimitType::kMax).resized_height, 64);     // 1.5 -> 2
  EXPECT_EQ(PlanDetResize(48, 80, 960, DetLimitType::kMax).resized_width, 64);      // 2.5 -> 2
  EXPECT_EQ(PlanDetResize(112, 144, 960, DetLimitType::kMax).resized_height, 128);  // 3.5 -> 4
  EXPECT_EQ(PlanDetResize(112, 144, 960, DetLimitType::kMax).resized_width, 128);   // 4.5 -> 4
}

TEST(PlanDetResizeTest, NeverBelow32) {
  const DetResizePlan plan = PlanDetResize(5, 7, 960, DetLimitType::kMax);
  EXPECT_EQ(plan.resized_height, 32);
  EXPECT_EQ(plan.resized_width, 32);
}

TEST(PlanDetResizeTest, MinLimitScalesTheShortSideUp) {
  const DetResizePlan plan = PlanDetResize(100, 200, 736, DetLimitType::kMin);
  EXPECT_EQ(plan.resized_height, 736);
  EXPECT_EQ(plan.resized_width, 1472);
  const DetResizePlan large = PlanDetResize(1000, 2000, 736, DetLimitType::kMin);
  EXPECT_EQ(large.resized_height, 992);  // unchanged scale: 1000/32 = 31.25 -> 31
  EXPECT_EQ(large.resized_width, 1984);  // 2000/32 = 62.5 -> 62 (half to even)
}

TEST(PlanDetResizeTest, MaxSideCapsTheLongerSideAfterTheLimit) {
  // Min limit 736 keeps a 2000 x 1500 photo as it is; a 1600 cap scales it to 1600 x 1200.
  const DetResizePlan uncapped = PlanDetResize(1500, 2000, 736, DetLimitType::kMin);
  EXPECT_EQ(uncapped.resized_height, 1504);
  EXPECT_EQ(uncapped.resized_width, 1984);  // 62.5 x 32, rounded half to even
  const DetResizePlan capped = PlanDetResize(1500, 2000, 736, DetLimitType::kMin, 1600);
  EXPECT_EQ(capped.resized_height, 1216);  // 1200 rounded to a multiple of 32
  EXPECT_EQ(capped.resized_width, 1600);
  // The cap wins over the min limit's upscaling of a long, thin image.
  const DetResizePlan thin = PlanDetResize(100, 1000, 736, DetLimitType::kMin, 1600);
  EXPECT_EQ(thin.resized_width, 1600);
  EXPECT_EQ(thin.resized_height, 160);
  // Within the cap nothing changes.
  EXPECT_EQ(PlanDetResize(600, 800, 736, DetLimitType::kMin, 1600).resized_width,
            PlanDetResize(600, 800, 736, DetLimitType::kMin).resized_width);
}

TEST(PrepareDetInputTest, NormalisesEachChannelInChwOrder) {
  const cv::Mat image(64, 96, CV_8UC3, cv::Scalar(10, 20, 30));
  const DetParams params;
  const DetInput input = PrepareDetInput(image, params, 960);
  ASSERT_EQ(input.height, 64);
  ASSERT_EQ(input.width, 96);
  ASSERT_EQ(input.chw.size(), 3u * 64 * 96);
  const std::size_t plane = 64 * 96;
  const float expected[3] = {(10.0f / 255.0f - 0.485f) / 0.229f, (20.0f / 255.0f - 0.456f) / 0.224f,
                             (30.0f / 255.0f - 0.406f) / 0.225f};
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(input.chw[c * plane], expected[c], 1e-5);
    EXPECT_NEAR(input.chw[c * plane + plane - 1], expected[c], 1e-5);
  }
}

TEST(PrepareDetInputTest, PadsTinyImagesButReportsTheirSourceSize) {
  const cv::Mat image(20, 20, CV_8UC3, cv::Scalar(255, 255, 255));
  const DetInput input = PrepareDetInput(image, DetParams{}, 960);
  EXPECT_EQ(input.height, 32);
  EXPECT_EQ(input.width, 32);
  EXPECT_EQ(input.source_height, 20);
  EXPECT_EQ(input.source_width, 20);
  // The padded corner is black: (0 - mean) / std.
  const std::size_t last = static_cast<std::size_t>(32) * 32 - 1;
  EXPECT_NEAR(input.chw[last], -0.485f / 0.229f, 1e-5);
  EXPECT_NEAR(input.chw[0], (1.0f - 0.485f) / 0.229f, 1e-5);
}

}  // namespace
}  // namespace onnxocr

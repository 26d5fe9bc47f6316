#include "core/db_postprocess.h"

#include <gtest/gtest.h>

#include <vector>

namespace onnxocr {
namespace {

// A height x width map, zero except `value` inside [x0, x1] x [y0, y1].
std::vector<float> MapWithBlock(int height, int width, int x0, int y0, int x1, int y1, float value) {
  std::vector<float> map(static_cast<std::size_t>(height) * width, 0.0f);
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) map[static_cast<std::size_t>(y) * width + x] = value;
  }
  return map;
}

Quad Box(float x0, float y0, float x1, float y1) {
  return Quad{cv::Point2f(x0, y0), cv::Point2f(x1, y0), cv::Point2f(x1, y1), cv::Point2f(x0, y1)};
}

TEST(DbPostprocessTest, FindsOneExpandedBoxAroundABlock) {
  const auto data = MapWithBlock(64, 100, 20, 10, 59, 19, 0.9f);
  const ProbabilityMap map{data, 64, 100};
  const std::vector<Quad> boxes = BoxesFromProbabilityMap(map, DetParams{}, 100, 64);
  ASSERT_EQ(boxes.size(), 1u);
  const Quad& box = boxes[0];
  // Unclip distance = 39*9*1.5/96 = 5.5 map pixels around the block's minimum-area rectangle.
  EXPECT_NEAR(box[0].x, 14, 2);
  EXPECT_NEAR(box[0].y, 4, 2);
  EXPECT_NEAR(box[2].x, 65, 2);
  EXPECT_NEAR(box[2].y, 25, 2);
  for (const auto& p : box) {
    EXPECT_EQ(p.x, static_cast<float>(static_cast<int>(p.x))) << "corners are integral";
  }
}

TEST(DbPostprocessTest, ScalesBoxesToTheSourceImage) {
  const auto data = MapWithBlock(64, 100, 20, 10, 59, 19, 0.9f);
  const ProbabilityMap map{data, 64, 100};
  const auto same = BoxesFromProbabilityMap(map, DetParams{}, 100, 64);
  const auto doubled = BoxesFromProbabilityMap(map, DetParams{}, 200, 128);
  ASSERT_EQ(same.size(), 1u);
  ASSERT_EQ(doubled.size(), 1u);
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(doubled[0][k].x, 2 * same[0][k].x, 1.0);
    EXPECT_NEAR(doubled[0][k].y, 2 * same[0][k].y, 1.0);
  }
}

TEST(DbPostprocessTest, DropsLowScoringAndTinyRegions) {
  const auto weak = MapWithBlock(64, 100, 20, 10, 59, 19, 0.5f);  // above thresh 0.3, below box_thresh 0.6
  EXPECT_TRUE(BoxesFromProbabilityMap(ProbabilityMap{weak, 64, 100}, DetParams{}, 100, 64).empty());
  const auto tiny = MapWithBlock(64, 100, 20, 10, 21, 11, 0.9f);  // 2x2: shorter than min_size 3
  EXPECT_TRUE(BoxesFromProbabilityMap(ProbabilityMap{tiny, 64, 100}, DetParams{}, 100, 64).empty());
}

TEST(DbPostprocessTest, RespectsMaxCandidates) {
  auto data = MapWithBlock(64, 100, 5, 5, 40, 15, 0.9f);
  const auto second = MapWithBlock(64, 100, 5, 40, 40, 50, 0.9f);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = std::max(data[i], second[i]);
  DetParams params;
  EXPECT_EQ(BoxesFromProbabilityMap(ProbabilityMap{data, 64, 100}, params, 100, 64).size(), 2u);
  params.max_candidates = 1;
  EXPECT_EQ(BoxesFromProbabilityMap(ProbabilityMap{data, 64, 100}, params, 100, 64).size(), 1u);
}

TEST(DbPostprocessTest, SlowScoreModeAveragesInsideTheContour) {
  const auto data = MapWithBlock(64, 100, 20, 10, 59, 19, 0.9f);
  DetParams params;
  params.score_mode = DetScoreMode::kSlow;
  EXPECT_EQ(BoxesFromProbabilityMap(ProbabilityMap{data, 64, 100}, params, 100, 64).size(), 1u);
}

TEST(QuadMeanScoreTest, AveragesThePolygonArea) {
  const auto data = MapWithBlock(20, 20, 5, 5, 14, 14, 1.0f);
  const ProbabilityMap map{data, 20, 20};
  EXPECT_NEAR(QuadMeanScore(map, Box(5, 5, 14, 14)), 1.0f, 1e-6);
  EXPECT_NEAR(QuadMeanScore(map, Box(0, 0, 19, 19)), 100.0f / 400.0f, 1e-6);
}

TEST(UnclipPolygonTest, GrowsASquareByAreaTimesRatioOverPerimeter) {
  const auto grown = UnclipPolygon(Box(10, 10, 20, 20), 1.5f);  // distance 100 * 1.5 / 40 = 3.75
  ASSERT_FALSE(grown.empty());
  float min_x = 1e9f, max_x = -1e9f;
  for (const auto& p : grown) {
    min_x = std::min(min_x, p.x);
    max_x = std::max(max_x, p.x);
  }
  EXPECT_NEAR(min_x, 10 - 3.75, 1.0);
  EXPECT_NEAR(max_x, 20 + 3.75, 1.0);
}

TEST(MinAreaBoxTest, OrdersCornersFromTopLeftClockwise) {
  const std::vector<cv::Point2f> points{{30, 5}, {10, 5}, {10, 15}, {30, 15}};
  const MiniBox box = MinAreaBox(points);
  EXPECT_EQ(box.corners[0], cv::Point2f(10, 5));
  EXPECT_EQ(box.corners[1], cv::Point2f(30, 5));
  EXPECT_EQ(box.corners[2], cv::Point2f(30, 15));
  EXPECT_EQ(box.corners[3], cv::Point2f(10, 15));
  EXPECT_FLOAT_EQ(box.short_side, 10.0f);
}

TEST(OrderCornersClockwiseTest, ReordersShuffledCorners) {
  const Quad shuffled{cv::Point2f(30, 15), cv::Point2f(10, 5), cv::Point2f(10, 15), cv::Point2f(30, 5)};
  const Quad ordered = OrderCornersClockwise(shuffled);
  EXPECT_EQ(ordered[0], cv::Point2f(10, 5));
  EXPECT_EQ(ordered[1], cv::Point2f(30, 5));
  EXPECT_EQ(ordered[2], cv::Point2f(30, 15));
  EXPECT_EQ(ordered[3], cv::Point2f(10, 15));
}

TEST(FilterDetectedBoxesTest, ClipsToTheImageAndDropsThinBoxes) {
  const std::vector<Quad> boxes{Box(-5, -5, 50, 20), Box(10, 10, 13, 40), Box(0, 30, 120, 60)};
  const auto kept = FilterDetectedBoxes(boxes, 50, 100);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0][0], cv::Point2f(0, 0));
  EXPECT_EQ(kept[1][2], cv::Point2f(99, 49));
}

TEST(SortBoxesReadingOrderTest, TopToBottomThenLeftToRightWithinALine) {
  std::vector<Quad> boxes{Box(100, 52, 150, 70), Box(10, 55, 60, 70), Box(10, 10, 60, 30), Box(200, 5, 250, 30)};
  SortBoxesReadingOrder(boxes);
  EXPECT_EQ(boxes[0][0], cv::Point2f(10, 10));  // y 5 and 10 are one line: left first
  EXPECT_EQ(boxes[1][0], cv::Point2f(200, 5));
  EXPECT_EQ(boxes[2][0], cv::Point2f(10, 55));  // y 52 and 55 are one line
  EXPECT_EQ(boxes[3][0], cv::Point2f(100, 52));
}

}  // namespace
}  // namespace onnxocr

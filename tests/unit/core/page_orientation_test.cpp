#include "core/page_orientation.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "core/geometry.h"

namespace onnxocr {
namespace {

constexpr int kTurns[] = {0, 90, 180, 270};

// The picture turned `turn_cw` degrees clockwise, as a camera held sideways takes it.
cv::Mat TurnClockwise(const cv::Mat& upright, int turn_cw) {
  cv::Mat turned;
  switch (turn_cw) {
    case 90: cv::rotate(upright, turned, cv::ROTATE_90_CLOCKWISE); return turned;
    case 180: cv::rotate(upright, turned, cv::ROTATE_180); return turned;
    case 270: cv::rotate(upright, turned, cv::ROTATE_90_COUNTERCLOCKWISE); return turned;
    default: return upright.clone();
  }
}

cv::Mat Gradient(int width, int height) {
  cv::Mat image(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      image.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<std::uint8_t>(x * 7 + y), static_cast<std::uint8_t>(y * 3),
                                            static_cast<std::uint8_t>(x ^ y));
    }
  }
  return image;
}

TEST(PageOrientationTest, TurningUprightUndoesEveryQuarterTurnExactly) {
  const cv::Mat upright = Gradient(37, 21);
  for (const int turn : kTurns) {
    const cv::Mat back = TurnUpright(TurnClockwise(upright, turn), turn);
    ASSERT_EQ(back.size(), upright.size()) << turn;
    EXPECT_EQ(cv::norm(back, upright, cv::NORM_INF), 0.0) << turn;
  }
}

// A pixel of the upright picture lands, turned, where UprightToSource says,
// and SourceToUpright brings it back.
TEST(PageOrientationTest, PointMapsFollowThePixels) {
  const int width = 37, height = 21;
  cv::Mat upright(height, width, CV_8UC3, cv::Scalar(0, 0, 0));
  const cv::Point marked(5, 3);
  upright.at<cv::Vec3b>(marked) = cv::Vec3b(255, 255, 255);
  for (const int turn : kTurns) {
    const cv::Mat source = TurnClockwise(upright, turn);
    cv::Point found;
    cv::Mat grey;
    cv::cvtColor(source, grey, cv::COLOR_BGR2GRAY);
    cv::minMaxLoc(grey, nullptr, nullptr, nullptr, &found);
    const cv::Point2f centre(static_cast<float>(marked.x) + 0.5f, static_cast<float>(marked.y) + 0.5f);
    const cv::Point2f mapped = UprightToSource(centre, turn, source.cols, source.rows);
    EXPECT_FLOAT_EQ(mapped.x, static_cast<float>(found.x) + 0.5f) << turn;
    EXPECT_FLOAT_EQ(mapped.y, static_cast<float>(found.y) + 0.5f) << turn;
    const cv::Point2f back = SourceToUpright(mapped, turn, source.cols, source.rows);
    EXPECT_FLOAT_EQ(back.x, centre.x) << turn;
    EXPECT_FLOAT_EQ(back.y, centre.y) << turn;
  }
}

TEST(PageOrientationTest, InputIsTheNormalisedCentreCrop) {
  DocOriParams params;
  // A wide page: dark left and right thirds, a light middle the crop keeps.
  cv::Mat page(300, 900, CV_8UC3, cv::Scalar(0, 0, 0));
  page(cv::Rect(300, 0, 300, 300)).setTo(cv::Scalar(200, 100, 50));
  const std::vector<float> input = PageOrientationInput(page, params);
  const std::size_t plane = static_cast<std::size_t>(params.crop_size) * params.crop_size;
  ASSERT_EQ(input.size(), 3 * plane);
  const float bgr[3] = {200, 100, 50};
  for (int c = 0; c < 3; ++c) {
    const float want = (bgr[c] / 255.0f - params.mean[c]) / params.std[c];
    for (const std::size_t at : {std::size_t{0}, plane / 2, plane - 1}) {
      EXPECT_NEAR(input[c * plane + at], want, 0.03f) << "channel " << c << " at " << at;
    }
  }
}

// Says the configured scores for labels 0, 90, 180, 270.
class FakePageClassifier final : public TensorModel {
 public:
  explicit FakePageClassifier(std::vector<float> scores) : scores_(std::move(scores)) {}
  Status Run(const TensorView& input, const TensorConsumer& consume) const override {
    EXPECT_EQ(input.shape.size(), 4u);
    const std::vector<std::int64_t> shape{1, static_cast<std::int64_t>(scores_.size())};
    return consume(TensorView{scores_, shape});
  }

 private:
  std::vector<float> scores_;
};

std::unique_ptr<ModelSet> SetWith(std::unique_ptr<TensorModel> doc_ori) {
  ModelManifest manifest;
  manifest.name = "fake";
  if (doc_ori) manifest.doc_ori_params = DocOriParams{};
  return std::make_unique<ModelSet>(manifest, std::vector<std::string>{""}, nullptr, nullptr, nullptr,
                                    std::move(doc_ori));
}

TEST(PageOrientationTest, TheBestLabelAboveThreshIsTheTurn) {
  const cv::Mat page = Gradient(64, 48);
  StageTimings timings;
  auto turned = ClassifyPageTurn(*SetWith(std::make_unique<FakePageClassifier>(std::vector<float>{0.02f, 0.03f, 0.05f, 0.9f})),
                                 page, timings);
  ASSERT_TRUE(turned.ok()) << turned.error().message;
  EXPECT_EQ(*turned, 270);
  EXPECT_GT(timings.doc_ori, 0.0);
  auto unsure = ClassifyPageTurn(*SetWith(std::make_unique<FakePageClassifier>(std::vector<float>{0.3f, 0.5f, 0.1f, 0.1f})),
                                 page, timings);
  ASSERT_TRUE(unsure.ok());
  EXPECT_EQ(*unsure, 0) << "below the manifest's thresh the page stays as it is";
}

TEST(PageOrientationTest, ASetWithoutTheModelOrABadOutputIsAnError) {
  StageTimings timings;
  auto missing = ClassifyPageTurn(*SetWith(nullptr), Gradient(64, 48), timings);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  auto wrong = ClassifyPageTurn(*SetWith(std::make_unique<FakePageClassifier>(std::vector<float>{0.5f, 0.5f})),
                                Gradient(64, 48), timings);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kModelError);
}

}  // namespace
}  // namespace onnxocr

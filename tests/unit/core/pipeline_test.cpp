#include "core/pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace onnxocr {
namespace {

// Detector stand-in: a probability map with one text block at the same
// relative place as the white bar drawn by TestImage().
class FakeDetector final : public TensorModel {
 public:
  Status Run(const TensorView& input, const TensorConsumer& consume) const override {
    const std::int64_t height = input.shape[2];
    const std::int64_t width = input.shape[3];
    std::vector<float> map(static_cast<std::size_t>(height * width), 0.0f);
    for (std::int64_t y = height / 4; y < height / 2; ++y) {
      for (std::int64_t x = width / 8; x < width * 7 / 8; ++x) map[static_cast<std::size_t>(y * width + x)] = 0.95f;
    }
    const std::vector<std::int64_t> shape{1, 1, height, width};
    return consume(TensorView{map, shape});
  }
};

// Classifier stand-in: says "180" with the configured score and counts calls.
class FakeClassifier final : public TensorModel {
 public:
  explicit FakeClassifier(float upside_down_score) : score_(upside_down_score) {}
  Status Run(const TensorView& input, const TensorConsumer& consume) const override {
    ++calls;
    {
      const std::lock_guard lock(mutex);
      batch_sizes.push_back(input.shape[0]);
    }
    std::vector<float> out;
    for (std::int64_t i = 0; i < input.shape[0]; ++i) {
      out.push_back(1.0f - score_);
      out.push_back(score_);
    }
    const std::vector<std::int64_t> shape{input.shape[0], 2};
    return consume(TensorView{out, shape});
  }
  mutable std::atomic<int> calls{0};
  mutable std::mutex mutex;
  mutable std::vector<std::int64_t> batch_sizes;

 private:
  float score_;
};

// Runs ForEach's tasks last index first, recording how many it was given.
class ReversingExecutor final : public StageExecutor {
 public:
  Status ForEach(std::size_t count, const IndexedTask& task) override {
    counts.push_back(count);
    Status first = Status::Ok();
    for (std::size_t i = count; i-- > 0;) {
      Status done = task(i, scratch());
      if (!done.ok()) first = std::move(done);
    }
    return first;
  }
  std::vector<std::size_t> counts;
};

// Recogniser stand-in: emits "ab" with the configured confidence, or "ba"
// when the sample's first pixel is dark (the crop was turned upside down, so
// the dark end of the bar came first).
class FakeRecognizer final : public TensorModel {
 public:
  explicit FakeRecognizer(float confidence) : confidence_(confidence) {}
  Status Run(const TensorView& input, const TensorConsumer& consume) const override {
    const std::int64_t batch = input.shape[0];
    const std::size_t sample = static_cast<std::size_t>(3 * input.shape[2] * input.shape[3]);
    constexpr int kSteps = 4;
    constexpr int kClasses = 4;  // blank, a, b, space
    std::vector<float> out;
    for (std::int64_t i = 0; i < batch; ++i) {
      const bool flipped = input.data[static_cast<std::size_t>(i) * sample] < 0.0f;
      const int ids[kSteps] = {flipped ? 2 : 1, 0, flipped ? 1 : 2, 0};
      for (const int id : ids) {
        for (int c = 0; c < kClasses; ++c) out.push_back(c == id ? confidence_ : (1.0f - confidence_) / 3.0f);
      }
    }
    const std::vector<std::int64_t> shape{batch, kSteps, kClasses};
    return consume(TensorView{out, shape});
  }

 private:
  float confidence_;
};

class BrokenModel final : public TensorModel {
 public:
  Status Run(const TensorView&, const TensorConsumer& consume) const override {
    const std::vector<float> out{0.0f};
    const std::vector<std::int64_t> shape{1};
    return consume(TensorView{out, shape});
  }
};

// FakeDetector that records the widest input it was run with.
class WidthRecordingDetector final : public TensorModel {
 public:
  Status Run(const TensorView& input, const TensorConsumer& consume) const override {
    widest = std::max<std::int64_t>(widest, input.shape[3]);
    return detector_.Run(input, consume);
  }
  mutable std::atomic<std::int64_t> widest{0};

 private:
  FakeDetector detector_;
};

std::unique_ptr<ModelSet> MakeModels(float rec_confidence, float upside_down_score,
                                     std::unique_ptr<TensorModel> det = std::make_unique<FakeDetector>(),
                                     FastParams fast = {}) {
  ModelManifest manifest;
  manifest.name = "fake";
  manifest.fast = fast;
  manifest.cls_params = ClsParams{};
  return std::make_unique<ModelSet>(manifest, std::vector<std::string>{"", "a", "b", " "}, std::move(det),
                                    std::make_unique<FakeClassifier>(upside_down_score),
                                    std::make_unique<FakeRecognizer>(rec_confidence));
}

// 320 x 160 image, white on the left half and black on the right, so a crop
// read upside down starts dark.
cv::Mat TestImage() {
  cv::Mat image(160, 320, CV_8UC3, cv::Scalar(255, 255, 255));
  image(cv::Rect(160, 0, 160, 160)).setTo(cv::Scalar(0, 0, 0));
  return image;
}

TEST(PipelineTest, DetectsCropsAndRecognisesOneLine) {
  const auto models = MakeModels(0.9f, 0.1f);
  auto result = RunOcr(*models, TestImage(), OcrOptions{});
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->lines.size(), 1u);
  EXPECT_EQ(result->lines[0].text, "ab");
  EXPECT_NEAR(result->lines[0].confidence, 0.9f, 1e-6);
  const Quad& box = result->lines[0].box;
  EXPECT_LT(box[0].x, box[1].x);
  EXPECT_LT(box[0].y, box[3].y);
  // The block spans x 40..279, y 40..79; unclip grows it by 240*40*1.5/560 = 25.7 px.
  EXPECT_NEAR(box[0].x, 14, 3);
  EXPECT_NEAR(box[0].y, 14, 3);
  EXPECT_NEAR(box[2].x, 305, 3);
  EXPECT_NEAR(box[2].y, 105, 3);
  EXPECT_GT(result->timings.det_inference, 0.0);
}

// Page-orientation stand-in: the page's text is turned 90 degrees clockwise.
class QuarterTurnClassifier final : public TensorModel {
 public:
  Status Run(const TensorView&, const TensorConsumer& consume) const override {
    const std::vector<float> out{0.02f, 0.94f, 0.02f, 0.02f};
    const std::vector<std::int64_t> shape{1, 4};
    return consume(TensorView{out, shape});
  }
};

// The detector reads the page upright (the fake's bar lies across the upright
// page), and the line comes back in the turned picture's pixels.
TEST(PipelineTest, ATurnedPageIsReadUprightAndAnsweredInItsOwnPixels) {
  ModelManifest manifest;
  manifest.name = "fake";
  manifest.cls_params = ClsParams{};
  manifest.doc_ori_params = DocOriParams{};
  auto det = std::make_unique<WidthRecordingDetector>();
  const auto* detector = det.get();
  const ModelSet models(manifest, std::vector<std::string>{"", "a", "b", " "}, std::move(det),
                        std::make_unique<FakeClassifier>(0.1f), std::make_unique<FakeRecognizer>(0.9f),
                        std::make_unique<QuarterTurnClassifier>());
  OcrOptions options;
  options.use_doc_orientation = true;
  const cv::Mat picture = TestImage();  // 320 x 160, read as text turned 90 clockwise
  auto result = RunOcr(models, picture, options);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->orientation, 90);
  EXPECT_EQ(detector->widest.load(), 160) << "the detector saw the upright page, 160 wide";
  ASSERT_EQ(result->lines.size(), 1u);
  // Upright (160 x 320) the bar spans x 20..139, y 80..159: turned back
  // clockwise into the 320 x 160 picture, x 160..240 and y 20..140 (plus unclip).
  const cv::Rect2f bounds = QuadBounds(result->lines[0].box);
  EXPECT_GT(bounds.height, bounds.width);
  EXPECT_NEAR(bounds.x + bounds.width / 2, 200, 4);
  EXPECT_NEAR(bounds.y + bounds.height / 2, 80, 4);
  EXPECT_GE(bounds.x, 0.0f);
  EXPECT_LE(bounds.x + bounds.width, 320.0f);

  OcrOptions off;
  auto plain = RunOcr(models, picture, off);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->orientation.has_value()) << "said only when asked";
}

TEST(PipelineTest, DropsLinesBelowDropScore) {
  const auto models = MakeModels(0.4f, 0.1f);
  auto dropped = RunOcr(*models, TestImage(), OcrOptions{});
  ASSERT_TRUE(dropped.ok());
  EXPECT_TRUE(dropped->lines.empty());
  OcrOptions lenient;
  lenient.drop_score = 0.3f;
  auto kept = RunOcr(*models, TestImage(), lenient);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->lines.size(), 1u);
}

TEST(PipelineTest, ClassifierRotatesUpsideDownLinesOnlyWhenEnabled) {
  const auto models = MakeModels(0.9f, 0.95f);
  const auto* classifier = dynamic_cast<const FakeClassifier*>(models->cls());
  ASSERT_NE(classifier, nullptr);

  OcrOptions without_cls;
  without_cls.use_angle_cls = false;
  auto upright = RunOcr(*models, TestImage(), without_cls);
  ASSERT_TRUE(upright.ok());
  EXPECT_EQ(classifier->calls.load(), 0);
  ASSERT_EQ(upright->lines.size(), 1u);
  EXPECT_EQ(upright->lines[0].text, "ab");

  auto rotated = RunOcr(*models, TestImage(), OcrOptions{});
  ASSERT_TRUE(rotated.ok());
  EXPECT_EQ(classifier->calls.load(), 1);
  ASSERT_EQ(rotated->lines.size(), 1u);
  EXPECT_EQ(rotated->lines[0].text, "ba");
}

TEST(PipelineTest, FastModeTakesTheSetsFastDeparturesAndParityModeNone) {
  auto detector = std::make_unique<WidthRecordingDetector>();
  const WidthRecordingDetector& det = *detector;
  const auto models = MakeModels(0.9f, 0.95f, std::move(detector), FastParams{.det_max_side_len = 160, .use_angle_cls = false});
  const auto* classifier = dynamic_cast<const FakeClassifier*>(models->cls());

  // Parity: the classifier runs and the 320-wide image keeps its width.
  auto parity = RunOcr(*models, TestImage(), OcrOptions{});
  ASSERT_TRUE(parity.ok());
  EXPECT_EQ(classifier->calls.load(), 1);
  EXPECT_EQ(det.widest.load(), 320);
  ASSERT_EQ(parity->lines.size(), 1u);
  EXPECT_EQ(parity->lines[0].text, "ba");

  // Fast: no classifier, the detector input capped at 160, boxes still in source pixels.
  det.widest = 0;
  OcrOptions fast;
  fast.rec_batching = RecBatching::kWidthBudget;
  auto quick = RunOcr(*models, TestImage(), fast);
  ASSERT_TRUE(quick.ok());
  EXPECT_EQ(classifier->calls.load(), 1);
  EXPECT_EQ(det.widest.load(), 160);
  ASSERT_EQ(quick->lines.size(), 1u);
  EXPECT_EQ(quick->lines[0].text, "ab");
  EXPECT_GT(quick->lines[0].box[2].x, 279);  // the block ends at x 279 in the source image
  EXPECT_LE(quick->lines[0].box[2].x, 320);

  // A request's use_angle_cls still wins over the set's fast default.
  fast.use_angle_cls = true;
  auto asked = RunOcr(*models, TestImage(), fast);
  ASSERT_TRUE(asked.ok());
  EXPECT_EQ(classifier->calls.load(), 2);
}

TEST(PipelineTest, ClassifierBatchesGoThroughTheExecutorInAnyOrder) {
  const auto models = MakeModels(0.9f, 0.95f);
  const auto* classifier = dynamic_cast<const FakeClassifier*>(models->cls());
  std::vector<cv::Mat> crops;
  for (int i = 0; i < 20; ++i) crops.push_back(TestImage()(cv::Rect(0, 0, 200 + 5 * i, 40)).clone());  // white, then black from x 160
  const cv::Mat first_pixel_before = crops[0](cv::Rect(0, 0, 1, 1)).clone();

  // The set's batch size (ClsParams default 6): 4 batches, handed to the executor as 4 tasks.
  ReversingExecutor executor;
  StageTimings timings;
  ASSERT_TRUE(ClassifyOrientation(*models, crops, 0, timings, executor).ok());
  EXPECT_EQ(executor.counts, (std::vector<std::size_t>{4}));
  EXPECT_EQ(classifier->batch_sizes, (std::vector<std::int64_t>{2, 6, 6, 6}));  // last batch first
  EXPECT_GT(timings.cls, 0.0);
  // Every crop was turned (the fake says "180" at 0.95): its white left end is now on the right.
  for (const cv::Mat& crop : crops) EXPECT_EQ(crop.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 0));
  EXPECT_EQ(first_pixel_before.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 255, 255));

  // A batch size given by fast mode (a set's fast.cls_batch_size): 16 + 4.
  classifier->batch_sizes.clear();
  ReversingExecutor wide;
  ASSERT_TRUE(ClassifyOrientation(*models, crops, 16, timings, wide).ok());
  EXPECT_EQ(wide.counts, (std::vector<std::size_t>{2}));
  EXPECT_EQ(classifier->batch_sizes, (std::vector<std::int64_t>{4, 16}));
}

TEST(PipelineTest, BlankImageGivesNoLines) {
  const cv::Mat blank(64, 64, CV_8UC3, cv::Scalar(255, 255, 255));
  class EmptyDetector final : public TensorModel {
   public:
    Status Run(const TensorView& input, const TensorConsumer& consume) const override {
      std::vector<float> map(static_cast<std::size_t>(input.shape[2] * input.shape[3]), 0.0f);
      const std::vector<std::int64_t> shape{1, 1, input.shape[2], input.shape[3]};
      return consume(TensorView{map, shape});
    }
  };
  const auto models = MakeModels(0.9f, 0.1f, std::make_unique<EmptyDetector>());
  auto result = RunOcr(*models, blank, OcrOptions{});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->lines.empty());
}

TEST(PipelineTest, ModelErrorsBecomeErrorValues) {
  const auto models = MakeModels(0.9f, 0.1f, std::make_unique<BrokenModel>());
  auto result = RunOcr(*models, TestImage(), OcrOptions{});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kModelError);
  EXPECT_NE(result.error().message.find("detector"), std::string::npos);
}

TEST(PipelineTest, RejectsEmptyOrNonBgrImages) {
  const auto models = MakeModels(0.9f, 0.1f);
  EXPECT_EQ(RunOcr(*models, cv::Mat(), OcrOptions{}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(RunOcr(*models, cv::Mat(10, 10, CV_8UC1), OcrOptions{}).error().code, ErrorCode::kInvalidArgument);
}

TEST(OrderByAspectRatioTest, StableByWidthOverHeight) {
  const std::vector<cv::Mat> crops{cv::Mat(10, 50, CV_8UC3), cv::Mat(10, 20, CV_8UC3), cv::Mat(20, 100, CV_8UC3),
                                   cv::Mat(10, 30, CV_8UC3)};
  EXPECT_EQ(OrderByAspectRatio(crops), (std::vector<std::size_t>{1, 3, 0, 2}));
}

// Crops 48 px high with the given widths, so width/48 is the aspect ratio.
std::vector<cv::Mat> CropsOfWidth(const std::vector<int>& widths) {
  std::vector<cv::Mat> crops;
  for (const int width : widths) crops.emplace_back(48, width, CV_8UC3);
  return crops;
}

TEST(PlanRecBatchesTest, ReferenceBatchesSixLinesPaddedToAtLeastBaseWidth) {
  const auto crops = CropsOfWidth({100, 900, 60, 200, 120, 80, 700, 50});
  const auto order = OrderByAspectRatio(crops);
  const auto batches = PlanRecBatches(crops, order, RecParams{}, RecBatching::kReference);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].first, 0u);
  EXPECT_EQ(batches[0].count, 6u);
  EXPECT_EQ(batches[0].padded_width, 320);  // widest of the six is 200: the 320 minimum wins
  EXPECT_EQ(batches[1].first, 6u);
  EXPECT_EQ(batches[1].count, 2u);
  EXPECT_EQ(batches[1].padded_width, 900);
}

TEST(PlanRecBatchesTest, WidthBudgetHasNoMinimumWidthAndKeepsTheBudget) {
  const auto crops = CropsOfWidth({100, 900, 60, 200, 120, 80, 700, 50});
  const auto order = OrderByAspectRatio(crops);
  const RecParams params;
  const auto batches = PlanRecBatches(crops, order, params, RecBatching::kWidthBudget, FastParams{.rec_width_step = 1});
  std::size_t covered = 0;
  for (const auto& batch : batches) {
    EXPECT_EQ(batch.first, covered);
    covered += batch.count;
    EXPECT_LE(batch.count, kMaxBudgetBatch);
    // The batch is as wide as its widest line, never padded to 320, and its
    // lines are in one width bucket.
    int widest = 0;
    for (std::size_t i = batch.first; i < batch.first + batch.count; ++i) widest = std::max(widest, crops[order[i]].cols);
    EXPECT_EQ(batch.padded_width, std::max(widest, params.height));
    EXPECT_LE(batch.padded_width, crops[order[batch.first]].cols * 1.25 + 32);
    if (batch.count > 1) {
      EXPECT_LE(static_cast<double>(batch.count) * batch.padded_width,
                static_cast<double>(kMaxBudgetBatch) * params.base_width);
    }
  }
  EXPECT_EQ(covered, crops.size());
  ASSERT_EQ(batches.size(), 4u);  // {50, 60, 80}, {100, 120}, {200}, {700, 900}
  EXPECT_EQ(batches[0].count, 3u);
  EXPECT_EQ(batches[0].padded_width, 80);
  EXPECT_EQ(batches[1].padded_width, 120);
}

TEST(PlanRecBatchesTest, WidthBudgetWidensNarrowLinesToTheMinimumWidth) {
  // The same lines with a 96 px minimum (a set's fast.rec_min_width): the
  // narrow lines are padded to 96 and fall into one bucket with the 100 px one.
  const auto crops = CropsOfWidth({100, 900, 60, 200, 120, 80, 700, 50});
  const auto batches = PlanRecBatches(crops, OrderByAspectRatio(crops), RecParams{}, RecBatching::kWidthBudget,
                                      FastParams{.rec_min_width = 96, .rec_width_step = 1});
  ASSERT_GE(batches.size(), 1u);
  EXPECT_EQ(batches[0].count, 5u);  // 50, 60, 80 (as 96), 100, 120
  EXPECT_EQ(batches[0].padded_width, 120);
  for (const auto& batch : batches) EXPECT_GE(batch.padded_width, 96);
  // Reference batching ignores it.
  const auto reference = PlanRecBatches(crops, OrderByAspectRatio(crops), RecParams{}, RecBatching::kReference,
                                        FastParams{.rec_min_width = 960, .rec_width_step = 64});
  EXPECT_EQ(reference[0].padded_width, 320);
  EXPECT_EQ(reference[1].padded_width, 900);
}

TEST(PlanRecBatchesTest, WidthBudgetRoundsWidthsUpToTheStep) {
  // The default step (32): every batch width is a multiple of it, at least
  // its widest line, and less than one step wider.
  const auto crops = CropsOfWidth({100, 900, 60, 200, 120, 80, 700, 50, 33, 415});
  const auto order = OrderByAspectRatio(crops);
  const auto batches = PlanRecBatches(crops, order, RecParams{}, RecBatching::kWidthBudget);
  ASSERT_FALSE(batches.empty());
  for (const auto& batch : batches) {
    int widest = 0;
    for (std::size_t i = batch.first; i < batch.first + batch.count; ++i) widest = std::max(widest, crops[order[i]].cols);
    EXPECT_EQ(batch.padded_width % 32, 0) << batch.padded_width;
    EXPECT_GE(batch.padded_width, widest);
    EXPECT_LT(batch.padded_width, std::max(widest, RecParams{}.height) + 32);
  }
  EXPECT_EQ(batches.front().padded_width, 96);  // 33, 50, 60 (64 each) and 80 (96) in one bucket
  EXPECT_EQ(batches.back().padded_width, 928);  // 900 -> 928
}

TEST(PlanRecBatchesTest, WidthBudgetSplitsManyLines) {
  const auto crops = CropsOfWidth(std::vector<int>(40, 96));
  const auto batches = PlanRecBatches(crops, OrderByAspectRatio(crops), RecParams{}, RecBatching::kWidthBudget);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].count, kMaxBudgetBatch);
  EXPECT_EQ(batches[2].count, 40 - 2 * kMaxBudgetBatch);
}

}  // namespace
}  // namespace onnxocr

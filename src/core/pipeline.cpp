#include "core/pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <new>
#include <string>

#include "core/ctc_decode.h"
#include "core/db_postprocess.h"
#include "core/det_preprocess.h"
#include "core/line_preprocess.h"
#include "core/text_crop.h"

namespace onnxocr {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Status ExpectShape(const TensorView& output, std::size_t rank, std::string_view what) {
  if (output.shape.size() != rank) {
    return MakeError(ErrorCode::kModelError, std::string(what) + " output has rank " +
                                                 std::to_string(output.shape.size()) + ", expected " +
                                                 std::to_string(rank));
  }
  std::int64_t elements = 1;
  for (const auto d : output.shape) elements *= d;
  if (elements < 0 || static_cast<std::size_t>(elements) != output.data.size()) {
    return MakeError(ErrorCode::kModelError, std::string(what) + " output size does not match its shape");
  }
  return Status::Ok();
}

}  // namespace

StageTimings& StageTimings::operator+=(const StageTimings& other) {
  det_preprocess += other.det_preprocess;
  det_inference += other.det_inference;
  det_postprocess += other.det_postprocess;
  crop += other.crop;
  cls += other.cls;
  rec_preprocess += other.rec_preprocess;
  rec_inference += other.rec_inference;
  rec_postprocess += other.rec_postprocess;
  return *this;
}

std::vector<std::size_t> OrderByAspectRatio(const std::vector<cv::Mat>& crops) {
  std::vector<double> ratios(crops.size());
  for (std::size_t i = 0; i < crops.size(); ++i) ratios[i] = static_cast<double>(crops[i].cols) / crops[i].rows;
  std::vector<std::size_t> order(crops.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ratios[a] < ratios[b]; });
  return order;
}

Result<std::vector<Quad>> DetectTextBoxes(const ModelSet& models, const cv::Mat& bgr, int limit_side_len,
                                          StageTimings& timings) {
  const DetParams& params = models.manifest().det_params;
  auto start = Clock::now();
  const DetInput input = PrepareDetInput(bgr, params, limit_side_len);
  timings.det_preprocess += SecondsSince(start);

  const std::vector<std::int64_t> shape{1, 3, input.height, input.width};
  std::vector<Quad> boxes;
  double postprocess_seconds = 0;
  start = Clock::now();
  Status ran = models.det().Run(TensorView{input.chw, shape}, [&](const TensorView& output) -> Status {
    const auto post_start = Clock::now();
    if (Status ok = ExpectShape(output, 4, "detector"); !ok.ok()) return ok;
    const ProbabilityMap map{output.data, static_cast<int>(output.shape[2]), static_cast<int>(output.shape[3])};
    boxes = BoxesFromProbabilityMap(map, params, input.source_width, input.source_height);
    postprocess_seconds = SecondsSince(post_start);
    return Status::Ok();
  });
  if (!ran.ok()) return ran.error();
  timings.det_inference += SecondsSince(start) - postprocess_seconds;

  start = Clock::now();
  std::vector<Quad> kept = FilterDetectedBoxes(boxes, bgr.rows, bgr.cols);
  SortBoxesReadingOrder(kept);
  timings.det_postprocess += postprocess_seconds + SecondsSince(start);
  return kept;
}

Status ClassifyOrientation(const ModelSet& models, std::vector<cv::Mat>& crops, StageTimings& timings) {
  if (models.cls() == nullptr || !models.manifest().cls_params) return Status::Ok();
  const ClsParams& params = *models.manifest().cls_params;
  const auto start = Clock::now();
  const std::vector<std::size_t> order = OrderByAspectRatio(crops);
  const std::size_t sample = static_cast<std::size_t>(3) * params.height * params.width;
  std::vector<float> batch;
  for (std::size_t begin = 0; begin < order.size(); begin += params.batch_size) {
    const std::size_t count = std::min<std::size_t>(params.batch_size, order.size() - begin);
    batch.assign(count * sample, 0.0f);
    for (std::size_t i = 0; i < count; ++i) {
      WriteNormalizedLine(crops[order[begin + i]], params.height, params.width,
                          std::span<float>(batch).subspan(i * sample, sample));
    }
    const std::vector<std::int64_t> shape{static_cast<std::int64_t>(count), 3, params.height, params.width};
    Status ran = models.cls()->Run(TensorView{batch, shape}, [&](const TensorView& output) -> Status {
      if (Status ok = ExpectShape(output, 2, "classifier"); !ok.ok()) return ok;
      const auto classes = static_cast<std::size_t>(output.shape[1]);
      if (static_cast<std::size_t>(output.shape[0]) != count || classes != params.labels.size()) {
        return MakeError(ErrorCode::kModelError, "classifier output shape does not match its labels");
      }
      for (std::size_t i = 0; i < count; ++i) {
        const auto scores = output.data.subspan(i * classes, classes);
        const auto best = std::max_element(scores.begin(), scores.end());
        const auto label = params.labels[static_cast<std::size_t>(best - scores.begin())];
        if (label.find("180") != std::string::npos && *best > params.thresh) {
          cv::Mat& crop = crops[order[begin + i]];
          cv::Mat rotated;
          cv::rotate(crop, rotated, cv::ROTATE_180);
          crop = rotated;
        }
      }
      return Status::Ok();
    });
    if (!ran.ok()) return ran;
  }
  timings.cls += SecondsSince(start);
  return Status::Ok();
}

Result<std::vector<RecognizedText>> RecognizeLines(const ModelSet& models, const std::vector<cv::Mat>& crops,
                                                   StageTimings& timings) {
  const RecParams& params = models.manifest().rec_params;
  const auto& characters = models.characters();
  std::vector<RecognizedText> texts(crops.size());
  const std::vector<std::size_t> order = OrderByAspectRatio(crops);
  std::vector<float> batch;
  for (std::size_t begin = 0; begin < order.size(); begin += params.batch_size) {
    auto start = Clock::now();
    const std::size_t count = std::min<std::size_t>(params.batch_size, order.size() - begin);
    double max_ratio = static_cast<double>(params.base_width) / params.height;
    for (std::size_t i = 0; i < count; ++i) {
      const cv::Mat& crop = crops[order[begin + i]];
      max_ratio = std::max(max_ratio, static_cast<double>(crop.cols) / crop.rows);
    }
    const int padded_width = static_cast<int>(params.height * max_ratio);
    const std::size_t sample = static_cast<std::size_t>(3) * params.height * padded_width;
    batch.assign(count * sample, 0.0f);
    for (std::size_t i = 0; i < count; ++i) {
      WriteNormalizedLine(crops[order[begin + i]], params.height, padded_width,
                          std::span<float>(batch).subspan(i * sample, sample));
    }
    timings.rec_preprocess += SecondsSince(start);

    const std::vector<std::int64_t> shape{static_cast<std::int64_t>(count), 3, params.height, padded_width};
    double decode_seconds = 0;
    start = Clock::now();
    Status ran = models.rec().Run(TensorView{batch, shape}, [&](const TensorView& output) -> Status {
      const auto decode_start = Clock::now();
      if (Status ok = ExpectShape(output, 3, "recogniser"); !ok.ok()) return ok;
      const int steps = static_cast<int>(output.shape[1]);
      const int classes = static_cast<int>(output.shape[2]);
      if (static_cast<std::size_t>(output.shape[0]) != count) {
        return MakeError(ErrorCode::kModelError, "recogniser returned a different batch size");
      }
      const std::size_t per_line = static_cast<std::size_t>(steps) * classes;
      for (std::size_t i = 0; i < count; ++i) {
        DecodedText decoded = DecodeCtcGreedy(output.data.subspan(i * per_line, per_line), steps, classes, characters);
        texts[order[begin + i]] = RecognizedText{std::move(decoded.text), decoded.confidence};
      }
      decode_seconds = SecondsSince(decode_start);
      return Status::Ok();
    });
    if (!ran.ok()) return ran.error();
    timings.rec_inference += SecondsSince(start) - decode_seconds;
    timings.rec_postprocess += decode_seconds;
  }
  return texts;
}

Result<OcrResult> RunOcr(const ModelSet& models, const cv::Mat& bgr, const OcrOptions& options) {
  if (bgr.empty() || bgr.type() != CV_8UC3) {
    return MakeError(ErrorCode::kInvalidArgument, "image must be a non-empty 8-bit BGR image");
  }
  const ModelManifest& manifest = models.manifest();
  const int limit_side_len = options.det_limit_side_len.value_or(manifest.det_params.limit_side_len);
  const float drop_score = options.drop_score.value_or(manifest.rec_params.drop_score);
  const bool use_cls = options.use_angle_cls.value_or(true) && models.cls() != nullptr;

  try {
    OcrResult result;
    auto boxes = DetectTextBoxes(models, bgr, limit_side_len, result.timings);
    if (!boxes.ok()) return boxes.error();

    const auto crop_start = Clock::now();
    std::vector<cv::Mat> crops;
    crops.reserve(boxes->size());
    for (const Quad& box : *boxes) crops.push_back(CropTextLine(bgr, box));
    result.timings.crop += SecondsSince(crop_start);

    if (use_cls) {
      if (Status ok = ClassifyOrientation(models, crops, result.timings); !ok.ok()) return ok.error();
    }
    auto texts = RecognizeLines(models, crops, result.timings);
    if (!texts.ok()) return texts.error();

    for (std::size_t i = 0; i < boxes->size(); ++i) {
      RecognizedText& text = texts.value()[i];
      if (text.confidence >= drop_score) {
        result.lines.push_back(TextLine{std::move(text.text), text.confidence, (*boxes)[i]});
      }
    }
    return result;
  } catch (const cv::Exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("image processing failed: ") + e.what());
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kLimitExceeded, "out of memory while processing the image");
  }
}

}  // namespace onnxocr

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
#include "core/page_orientation.h"
#include "core/text_crop.h"
#include "core/word_boxes.h"

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
  doc_ori += other.doc_ori;
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
                                          int max_side_len, StageTimings& timings, StageExecutor& executor) {
  const DetParams& params = models.manifest().det_params;
  auto start = Clock::now();
  std::vector<float>& buffer = executor.scratch().image;
  DetInput input = PrepareDetInput(bgr, params, limit_side_len, max_side_len, std::move(buffer));
  timings.det_preprocess += SecondsSince(start);

  const std::vector<std::int64_t> shape{1, 3, input.height, input.width};
  std::vector<Quad> boxes;
  double postprocess_seconds = 0;
  start = Clock::now();
  Status ran = executor.RunDetector(models, TensorView{input.chw, shape}, [&](const TensorView& output) -> Status {
    const auto post_start = Clock::now();
    if (Status ok = ExpectShape(output, 4, "detector"); !ok.ok()) return ok;
    const ProbabilityMap map{output.data, static_cast<int>(output.shape[2]), static_cast<int>(output.shape[3])};
    boxes = BoxesFromProbabilityMap(map, params, input.source_width, input.source_height);
    postprocess_seconds = SecondsSince(post_start);
    return Status::Ok();
  });
  buffer = std::move(input.chw);
  if (!ran.ok()) return ran.error();
  timings.det_inference += SecondsSince(start) - postprocess_seconds;

  start = Clock::now();
  std::vector<Quad> kept = FilterDetectedBoxes(boxes, bgr.rows, bgr.cols);
  SortBoxesReadingOrder(kept);
  timings.det_postprocess += postprocess_seconds + SecondsSince(start);
  return kept;
}

Status ClassifyOrientation(const ModelSet& models, std::vector<cv::Mat>& crops, int batch_size, StageTimings& timings,
                           StageExecutor& executor, std::vector<std::uint8_t>* turned) {
  if (turned != nullptr) turned->assign(crops.size(), 0);
  if (models.cls() == nullptr || !models.manifest().cls_params) return Status::Ok();
  const ClsParams& params = *models.manifest().cls_params;
  const std::vector<std::size_t> order = OrderByAspectRatio(crops);
  const auto size = static_cast<std::size_t>(batch_size > 0 ? batch_size : params.batch_size);
  const std::size_t batches = (order.size() + size - 1) / size;
  const std::size_t sample = static_cast<std::size_t>(3) * params.height * params.width;
  // Batches may run at once on several threads: each rotates only its own
  // crops and writes only its own timing.
  std::vector<double> batch_seconds(batches, 0.0);
  Status ran = executor.ForEach(batches, [&](std::size_t index, ScratchBuffers& scratch) -> Status {
    const auto start = Clock::now();
    const std::size_t begin = index * size;
    const std::size_t count = std::min(size, order.size() - begin);
    std::vector<float>& batch = scratch.lines;
    batch.assign(count * sample, 0.0f);
    for (std::size_t i = 0; i < count; ++i) {
      WriteNormalizedLine(crops[order[begin + i]], params.height, params.width,
                          std::span<float>(batch).subspan(i * sample, sample));
    }
    const std::vector<std::int64_t> shape{static_cast<std::int64_t>(count), 3, params.height, params.width};
    Status done = models.cls()->Run(TensorView{batch, shape}, [&](const TensorView& output) -> Status {
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
          if (turned != nullptr) (*turned)[order[begin + i]] = 1;
        }
      }
      return Status::Ok();
    });
    batch_seconds[index] = SecondsSince(start);
    return done;
  });
  for (const double seconds : batch_seconds) timings.cls += seconds;
  return ran;
}

std::vector<RecBatch> PlanRecBatches(const std::vector<cv::Mat>& crops, const std::vector<std::size_t>& order,
                                     const RecParams& params, RecBatching batching, const FastParams& fast) {
  const auto ratio = [&](std::size_t position) {
    const cv::Mat& crop = crops[order[position]];
    return static_cast<double>(crop.cols) / crop.rows;
  };
  std::vector<RecBatch> batches;
  if (batching == RecBatching::kReference) {
    const auto size = static_cast<std::size_t>(params.batch_size);
    for (std::size_t first = 0; first < order.size(); first += size) {
      const std::size_t count = std::min(size, order.size() - first);
      double max_ratio = static_cast<double>(params.base_width) / params.height;
      for (std::size_t i = first; i < first + count; ++i) max_ratio = std::max(max_ratio, ratio(i));
      batches.push_back(RecBatch{first, count, static_cast<int>(params.height * max_ratio)});
    }
    return batches;
  }
  // Width buckets: a batch takes the next (wider or equal) line while that line
  // is at most 25% + 32 px wider than the batch's first, the batch has fewer
  // than kMaxBudgetBatch lines and count x width stays within the pixel budget
  // of kMaxBudgetBatch base_width lines. Padding stays small and no line is
  // widened beyond fast.rec_min_width, not to base_width; widths are rounded
  // up to a multiple of fast.rec_width_step.
  const double budget = static_cast<double>(kMaxBudgetBatch) * params.base_width;
  const int step = std::max(1, fast.rec_width_step);
  const auto width_of = [&](std::size_t position) {
    const int width = std::max({params.height, fast.rec_min_width, static_cast<int>(params.height * ratio(position))});
    return (width + step - 1) / step * step;
  };
  for (std::size_t first = 0; first < order.size();) {
    std::size_t count = 1;
    const int first_width = width_of(first);
    int width = first_width;
    while (first + count < order.size() && count < kMaxBudgetBatch) {
      const int next = std::max(width, width_of(first + count));
      if (next > first_width * 1.25 + 32 || static_cast<double>(count + 1) * next > budget) break;
      width = next;
      ++count;
    }
    batches.push_back(RecBatch{first, count, width});
    first += count;
  }
  return batches;
}

Result<std::vector<RecognizedText>> RecognizeLines(const ModelSet& models, const std::vector<cv::Mat>& crops,
                                                   RecBatching batching, StageTimings& timings,
                                                   StageExecutor& executor, bool keep_alignment) {
  const RecParams& params = models.manifest().rec_params;
  const auto& characters = models.characters();
  std::vector<RecognizedText> texts(crops.size());
  const std::vector<std::size_t> order = OrderByAspectRatio(crops);
  const std::vector<RecBatch> batches =
      PlanRecBatches(crops, order, params, batching, models.manifest().fast);
  // Batches may run at once on several threads: each writes only its own
  // lines of `texts` and its own timings.
  std::vector<StageTimings> batch_timings(batches.size());
  Status ran = executor.ForEach(batches.size(), [&](std::size_t index, ScratchBuffers& scratch) -> Status {
    const RecBatch& plan = batches[index];
    StageTimings& timing = batch_timings[index];
    auto start = Clock::now();
    const std::size_t sample = static_cast<std::size_t>(3) * params.height * plan.padded_width;
    std::vector<float>& batch = scratch.lines;
    batch.resize(plan.count * sample);
    for (std::size_t i = 0; i < plan.count; ++i) {
      WriteNormalizedLine(crops[order[plan.first + i]], params.height, plan.padded_width,
                          std::span<float>(batch).subspan(i * sample, sample));
    }
    timing.rec_preprocess += SecondsSince(start);

    const std::vector<std::int64_t> shape{static_cast<std::int64_t>(plan.count), 3, params.height, plan.padded_width};
    double decode_seconds = 0;
    start = Clock::now();
    Status done = models.rec().Run(TensorView{std::span<const float>(batch).first(plan.count * sample), shape},
                                   [&](const TensorView& output) -> Status {
      const auto decode_start = Clock::now();
      if (Status ok = ExpectShape(output, 3, "recogniser"); !ok.ok()) return ok;
      const int steps = static_cast<int>(output.shape[1]);
      const int classes = static_cast<int>(output.shape[2]);
      if (static_cast<std::size_t>(output.shape[0]) != plan.count) {
        return MakeError(ErrorCode::kModelError, "recogniser returned a different batch size");
      }
      const std::size_t per_line = static_cast<std::size_t>(steps) * classes;
      for (std::size_t i = 0; i < plan.count; ++i) {
        DecodedText decoded =
            DecodeCtcGreedy(output.data.subspan(i * per_line, per_line), steps, classes, characters, keep_alignment);
        RecognizedText& text = texts[order[plan.first + i]];
        text.text = std::move(decoded.text);
        text.confidence = decoded.confidence;
        if (keep_alignment) {
          const cv::Mat& crop = crops[order[plan.first + i]];
          text.chars = std::move(decoded.chars);
          text.crop_pixels_per_step = CropPixelsPerStep(
              crop.cols, ResizedLineWidth(crop, params.height, plan.padded_width), plan.padded_width, steps);
        }
      }
      decode_seconds = SecondsSince(decode_start);
      return Status::Ok();
    });
    timing.rec_inference += SecondsSince(start) - decode_seconds;
    timing.rec_postprocess += decode_seconds;
    return done;
  });
  if (!ran.ok()) return ran.error();
  for (const StageTimings& timing : batch_timings) timings += timing;
  return texts;
}

Result<OcrResult> RunOcr(const ModelSet& models, const cv::Mat& bgr, const OcrOptions& options) {
  StageExecutor in_order;
  return RunOcr(models, bgr, options, in_order);
}

Result<OcrResult> RunOcr(const ModelSet& requested, const cv::Mat& bgr, const OcrOptions& options,
                         StageExecutor& executor) {
  const ModelSet& models = executor.OnThisNode(requested);
  if (bgr.empty() || bgr.type() != CV_8UC3) {
    return MakeError(ErrorCode::kInvalidArgument, "image must be a non-empty 8-bit BGR image");
  }
  const ModelManifest& manifest = models.manifest();
  const int limit_side_len = options.det_limit_side_len.value_or(manifest.det_params.limit_side_len);
  const float drop_score = options.drop_score.value_or(manifest.rec_params.drop_score);
  // Fast mode takes the set's "fast" departures (manifest); parity mode none.
  const bool fast = options.rec_batching == RecBatching::kWidthBudget;
  const int max_side_len = fast ? manifest.fast.det_max_side_len : 0;
  const bool use_cls =
      options.use_angle_cls.value_or(fast ? manifest.fast.use_angle_cls : true) && models.cls() != nullptr;

  try {
    OcrResult result;
    // A turned page is read upright; its boxes go back into `source` pixels.
    const cv::Mat& source = bgr;
    cv::Mat upright = source;
    if (options.use_doc_orientation.value_or(false)) {
      auto turn = ClassifyPageTurn(models, source, result.timings);
      if (!turn.ok()) return turn.error();
      result.orientation = *turn;
      upright = TurnUpright(source, *turn);
    }
    auto boxes = DetectTextBoxes(models, upright, limit_side_len, max_side_len, result.timings, executor);
    if (!boxes.ok()) return boxes.error();

    const auto crop_start = Clock::now();
    std::vector<cv::Mat> crops;
    crops.reserve(boxes->size());
    for (const Quad& box : *boxes) crops.push_back(CropTextLine(upright, box));
    result.timings.crop += SecondsSince(crop_start);

    std::vector<std::uint8_t> turned(crops.size(), 0);
    if (use_cls) {
      const int cls_batch_size = fast ? manifest.fast.cls_batch_size : 0;
      if (Status ok = ClassifyOrientation(models, crops, cls_batch_size, result.timings, executor, &turned);
          !ok.ok()) {
        return ok.error();
      }
    }
    const bool word_boxes = options.word_boxes.value_or(false);
    auto texts = RecognizeLines(models, crops, options.rec_batching, result.timings, executor, word_boxes);
    if (!texts.ok()) return texts.error();

    for (std::size_t i = 0; i < boxes->size(); ++i) {
      RecognizedText& text = texts.value()[i];
      if (text.confidence >= drop_score) {
        TextLine line{std::move(text.text), text.confidence, (*boxes)[i], {}};
        if (word_boxes) line.words = LineWords(text.chars, text.crop_pixels_per_step, line.box, turned[i] != 0);
        result.lines.push_back(std::move(line));
      }
    }
    if (const int turn = result.orientation.value_or(0); turn != 0) {
      for (TextLine& line : result.lines) {
        MapLineCorners(line, [&](cv::Point2f point) { return UprightToSource(point, turn, source.cols, source.rows); });
      }
    }
    return result;
  } catch (...) {  // cv::Exception, std::bad_alloc
    return ErrorFromCurrentException("image processing");
  }
}

}  // namespace onnxocr

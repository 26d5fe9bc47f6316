// The PP-OCR pipeline: detect → crop → (orientation) → recognise → filter.
// Stateless apart from the read-only ModelSet: many threads may run it at
// once on the same ModelSet; each call owns its buffers.
#pragma once

#include <cstdint>
#include <vector>

#include "core/ctc_decode.h"
#include "core/geometry.h"
#include "core/model_set.h"
#include "core/ocr_types.h"
#include "core/opencv.h"
#include "core/stage_executor.h"
#include "core/status.h"

namespace onnxocr {

// Runs the whole pipeline on one CV_8UC3 BGR image; model calls go through
// `executor` (which may spread them over idle cores).
Result<OcrResult> RunOcr(const ModelSet& models, const cv::Mat& bgr, const OcrOptions& options,
                         StageExecutor& executor);
// The same, in order on the calling thread.
Result<OcrResult> RunOcr(const ModelSet& models, const cv::Mat& bgr, const OcrOptions& options);

// The stages, exposed for tests and benchmarks.
// `max_side_len`: PlanDetResize's cap (0: none).
Result<std::vector<Quad>> DetectTextBoxes(const ModelSet& models, const cv::Mat& bgr, int limit_side_len,
                                          int max_side_len, StageTimings& timings, StageExecutor& executor);
// Rotates crops the classifier reads as upside down (score above cls thresh),
// in place. Batches of `batch_size` lines (0: the set's cls batch_size) may run
// at once through `executor`; each line is classified on its own fixed-size
// input, so the batch size does not change the verdicts.
// `turned` (when not null) gets crops.size() entries, 1 for each crop turned.
Status ClassifyOrientation(const ModelSet& models, std::vector<cv::Mat>& crops, int batch_size, StageTimings& timings,
                           StageExecutor& executor, std::vector<std::uint8_t>* turned = nullptr);
struct RecognizedText {
  std::string text;
  float confidence = 0.0f;
  // With keep_alignment: the characters and their output steps, and how wide
  // a step is in crop pixels (word_boxes.h).
  std::vector<DecodedChar> chars;
  double crop_pixels_per_step = 0.0;
};
// Recognises every crop; the batches are independent and go to executor.ForEach.
Result<std::vector<RecognizedText>> RecognizeLines(const ModelSet& models, const std::vector<cv::Mat>& crops,
                                                   RecBatching batching, StageTimings& timings,
                                                   StageExecutor& executor, bool keep_alignment = false);

// One recogniser batch: order[first, first + count) padded to padded_width.
struct RecBatch {
  std::size_t first = 0;
  std::size_t count = 0;
  int padded_width = 0;
};
// Most lines in one kWidthBudget batch.
inline constexpr std::size_t kMaxBudgetBatch = 16;
// Groups crops (visited in `order`, see OrderByAspectRatio) into batches;
// kWidthBudget batches take the set's fast departures (rec_min_width,
// rec_width_step); kReference ignores `fast`.
std::vector<RecBatch> PlanRecBatches(const std::vector<cv::Mat>& crops, const std::vector<std::size_t>& order,
                                     const RecParams& params, RecBatching batching, const FastParams& fast = {});

// Indices of `crops` ordered by width/height ratio (stable), as the reference batches them.
std::vector<std::size_t> OrderByAspectRatio(const std::vector<cv::Mat>& crops);

}  // namespace onnxocr

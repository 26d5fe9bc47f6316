// The PP-OCR pipeline: detect → crop → (orientation) → recognise → filter.
// Stateless apart from the read-only ModelSet: many threads may run it at
// once on the same ModelSet; each call owns its buffers.
#pragma once

#include <vector>

#include "core/geometry.h"
#include "core/model_set.h"
#include "core/ocr_types.h"
#include "core/opencv.h"
#include "core/status.h"

namespace onnxocr {

// Runs the whole pipeline on one CV_8UC3 BGR image.
Result<OcrResult> RunOcr(const ModelSet& models, const cv::Mat& bgr, const OcrOptions& options);

// The stages, exposed for tests and benchmarks.
Result<std::vector<Quad>> DetectTextBoxes(const ModelSet& models, const cv::Mat& bgr, int limit_side_len,
                                          StageTimings& timings);
// Rotates crops the classifier reads as upside down (score above cls thresh), in place.
Status ClassifyOrientation(const ModelSet& models, std::vector<cv::Mat>& crops, StageTimings& timings);
struct RecognizedText {
  std::string text;
  float confidence = 0.0f;
};
Result<std::vector<RecognizedText>> RecognizeLines(const ModelSet& models, const std::vector<cv::Mat>& crops,
                                                   StageTimings& timings);

// Indices of `crops` ordered by width/height ratio (stable), as the reference batches them.
std::vector<std::size_t> OrderByAspectRatio(const std::vector<cv::Mat>& crops);

}  // namespace onnxocr

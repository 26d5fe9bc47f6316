// Request options and results of the OCR pipeline. Plain value types.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.h"

namespace onnxocr {

// How recognition groups text lines into model batches.
enum class RecBatching {
  // PaddleOCR's: runs of batch_size lines in aspect-ratio order, each batch
  // padded to at least base_width. Output identical to the reference ("parity").
  kReference,
  // "fast": lines in aspect-ratio order, grouped into width buckets (at most
  // 25% + 32 px wider than the bucket's first line, up to kMaxBudgetBatch
  // lines within a pixel budget), with no minimum width; the set's manifest
  // "fast" section (FastParams) also applies.
  kWidthBudget,
};

// The one place the mode words are spelled: "parity" (kReference) and "fast"
// (kWidthBudget), as --mode takes them and logs show them.
inline constexpr std::string_view kParityModeName = "parity";
inline constexpr std::string_view kFastModeName = "fast";
inline std::string_view ModeName(RecBatching batching) {
  return batching == RecBatching::kReference ? kParityModeName : kFastModeName;
}

// Per-request overrides; unset fields use the model set's defaults.
struct OcrOptions {
  RecBatching rec_batching = RecBatching::kReference;
  // Default: on when the model set has a classifier (in fast mode, as its
  // manifest's fast.use_angle_cls says).
  std::optional<bool> use_angle_cls;
  std::optional<int> det_limit_side_len;
  std::optional<float> drop_score;
};

// A request's options over a server's defaults: every field the request sets
// wins, the others come from `defaults`; recognition batching is the server's
// (a request cannot choose the mode).
inline OcrOptions WithDefaults(const OcrOptions& request, const OcrOptions& defaults) {
  OcrOptions merged = request;
  merged.rec_batching = defaults.rec_batching;
  if (!merged.use_angle_cls) merged.use_angle_cls = defaults.use_angle_cls;
  if (!merged.det_limit_side_len) merged.det_limit_side_len = defaults.det_limit_side_len;
  if (!merged.drop_score) merged.drop_score = defaults.drop_score;
  return merged;
}

struct TextLine {
  std::string text;
  float confidence = 0.0f;
  Quad box;  // source-image pixels, clockwise from top-left
};

// Seconds spent per stage, for one image.
struct StageTimings {
  double det_preprocess = 0;
  double det_inference = 0;
  double det_postprocess = 0;
  double crop = 0;
  double cls = 0;  // preprocess + inference + rotation
  double rec_preprocess = 0;
  double rec_inference = 0;
  double rec_postprocess = 0;

  double Total() const {
    return det_preprocess + det_inference + det_postprocess + crop + cls + rec_preprocess + rec_inference +
           rec_postprocess;
  }
  StageTimings& operator+=(const StageTimings& other);
};

struct OcrResult {
  std::vector<TextLine> lines;  // reading order, confidence >= drop_score
  StageTimings timings;
};

}  // namespace onnxocr

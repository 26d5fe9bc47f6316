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

// Per-request overrides; unset fields use the server's or the model set's
// defaults. Each field is described in core/request_options.h.
struct OcrOptions {
  RecBatching rec_batching = RecBatching::kReference;
  // Default: on when the model set has a classifier (in fast mode, as its
  // manifest's fast.use_angle_cls says).
  std::optional<bool> use_angle_cls;
  std::optional<int> det_limit_side_len;
  std::optional<float> drop_score;
  std::optional<std::string> model;  // a loaded model set's name; unset: the server's default set
  std::optional<std::string> lang;   // a language code (core/languages.h): the set that reads it
  std::optional<bool> word_boxes;    // each line's words with their boxes (TextLine::words); unset: off
  // Classify the page's quarter turn and read it upright (OcrResult::orientation); unset: off.
  std::optional<bool> use_doc_orientation;
};

// A word of a recognised line (core/word_boxes.h).
struct TextWord {
  std::string text;
  float confidence = 0.0f;  // mean of its characters' step probabilities
  Quad box;  // source-image pixels, clockwise from the word's top-left as it reads
};

struct TextLine {
  std::string text;
  float confidence = 0.0f;
  Quad box;  // source-image pixels, clockwise from top-left
  std::optional<std::vector<TextWord>> words = std::nullopt;  // only when OcrOptions::word_boxes asked for them
};

// Applies `map` (cv::Point2f -> cv::Point2f) to every corner of the line's box
// and of its words' boxes: a change of coordinates.
template <class Map>
void MapLineCorners(TextLine& line, const Map& map) {
  for (cv::Point2f& point : line.box) point = map(point);
  if (!line.words) return;
  for (TextWord& word : *line.words) {
    for (cv::Point2f& point : word.box) point = map(point);
  }
}

// Seconds spent per stage, for one image.
struct StageTimings {
  double doc_ori = 0;  // page orientation: preprocess + inference
  double det_preprocess = 0;
  double det_inference = 0;
  double det_postprocess = 0;
  double crop = 0;
  double cls = 0;  // preprocess + inference + rotation
  double rec_preprocess = 0;
  double rec_inference = 0;
  double rec_postprocess = 0;

  double Total() const {
    return doc_ori + det_preprocess + det_inference + det_postprocess + crop + cls + rec_preprocess + rec_inference +
           rec_postprocess;
  }
  StageTimings& operator+=(const StageTimings& other);
};

struct OcrResult {
  std::vector<TextLine> lines;  // reading order, confidence >= drop_score
  StageTimings timings;
  // With use_doc_orientation: the clockwise turn of the page's text that was
  // undone before detection (0, 90, 180, 270); the boxes are in the source
  // image's pixels all the same.
  std::optional<int> orientation;
};

}  // namespace onnxocr

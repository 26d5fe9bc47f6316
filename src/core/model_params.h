// Pre/post-processing parameters of one PP-OCR model set, as read from its
// manifest (models/<set>/manifest.json). Plain value types.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace onnxocr {

enum class DetLimitType { kMax, kMin };
enum class DetScoreMode { kFast, kSlow };

struct DetParams {
  std::string input_name = "x";  // ONNX input tensor name
  int limit_side_len = 960;
  DetLimitType limit_type = DetLimitType::kMax;
  float scale = 1.0f / 255.0f;
  std::array<float, 3> mean{0.485f, 0.456f, 0.406f};  // per channel, in BGR image order as PaddleOCR applies them
  std::array<float, 3> std{0.229f, 0.224f, 0.225f};
  float thresh = 0.3f;        // probability map binarisation
  float box_thresh = 0.6f;    // min mean score inside a box
  float unclip_ratio = 1.5f;  // Clipper offset = area * ratio / perimeter
  int max_candidates = 1000;  // contours considered
  int min_size = 3;           // min short side of a box, in map pixels
  bool use_dilation = false;
  DetScoreMode score_mode = DetScoreMode::kFast;
};

struct ClsParams {
  std::string input_name = "x";  // ONNX input tensor name
  int height = 48;
  int width = 192;
  int batch_size = 6;
  float thresh = 0.9f;  // rotate when "180" scores above this
  std::vector<std::string> labels{"0", "180"};
};

// The page-orientation classifier: the page's shorter side resized to
// resize_short, then its centre crop_size x crop_size, normalised as
// (pixel * scale - mean) / std per channel in BGR order; one score per label,
// the label being the clockwise turn of the page's content in degrees.
struct DocOriParams {
  std::string input_name = "x";  // ONNX input tensor name
  int resize_short = 256;
  int crop_size = 224;
  float scale = 1.0f / 255.0f;
  std::array<float, 3> mean{0.485f, 0.456f, 0.406f};
  std::array<float, 3> std{0.229f, 0.224f, 0.225f};
  float thresh = 0.6f;  // turn the page only when the best label scores at least this
  std::vector<std::string> labels{"0", "90", "180", "270"};
};

struct RecParams {
  std::string input_name = "x";  // ONNX input tensor name
  int height = 48;
  int base_width = 320;  // batches are at least this wide (max_wh_ratio starts at base_width/height)
  int batch_size = 6;
  bool use_space_char = true;
  float drop_score = 0.5f;
  int num_classes = 0;  // classes in the model output, blank included (= dict size); 0: not stated
};

// Where fast mode (RecBatching::kWidthBudget, `mode: fast`) departs from the
// reference pipeline for this set, beyond its recognition batching.
struct FastParams {
  int det_max_side_len = 0;   // cap on the detector input's longer side; 0: no cap
  bool use_angle_cls = true;  // run the classifier by default (when the set has one)
  int cls_batch_size = 0;     // lines per classifier call; 0: the set's cls batch_size
  int rec_min_width = 0;      // recogniser batches are at least this wide; 0: rec height
  // Recogniser batch widths are rounded up to a multiple of this, so that a
  // stream of fresh images reuses a few input shapes (OpenVINO compiles every
  // new shape: a first-seen recogniser width costs about twice a known one).
  int rec_width_step = 32;
};

struct ModelFile {
  std::filesystem::path path;  // absolute, resolved against the manifest's folder
  std::string sha256;          // lowercase hex, 64 chars
  std::uintmax_t bytes = 0;    // expected file size; 0: not stated
};

struct ModelManifest {
  std::string name;  // model set name, e.g. "ppocrv5-mobile"
  std::string description;
  std::string license;
  ModelFile det;
  ModelFile rec;
  ModelFile dict;                // recognition character dictionary, one entry per line
  std::optional<ModelFile> cls;  // text-line orientation model, if the set has one
  DetParams det_params;
  std::optional<ClsParams> cls_params;  // present iff cls is
  std::optional<ModelFile> doc_ori;     // page-orientation model, if the set has one
  std::optional<DocOriParams> doc_ori_params;  // present iff doc_ori is
  // Language codes the recogniser reads ("ch", "en", "fr", ...), for the
  // request field `lang`; the first is the set's main language.
  std::vector<std::string> languages;
  RecParams rec_params;
  FastParams fast;  // manifest "fast"; defaults: no departure
};

}  // namespace onnxocr

// The page-orientation stage: which quarter turn a whole page's text has,
// and the page turned upright. Pure functions over the read-only ModelSet;
// thread-safe.
#pragma once

#include <span>
#include <vector>

#include "core/model_set.h"
#include "core/ocr_types.h"
#include "core/opencv.h"
#include "core/status.h"

namespace onnxocr {

// The classifier's input for a BGR page: the shorter side resized to
// params.resize_short (Lanczos), the centre crop_size square, normalised, CHW.
std::vector<float> PageOrientationInput(const cv::Mat& bgr, const DocOriParams& params);

// The clockwise turn (0, 90, 180 or 270 degrees) of the page's text, from
// the set's page-orientation model; 0 when the best label scores below the
// manifest's thresh. kInvalidArgument when the set has no such model.
Result<int> ClassifyPageTurn(const ModelSet& models, const cv::Mat& bgr, StageTimings& timings);

// The page turned back by `turn_cw` degrees (counter-clockwise), lossless.
cv::Mat TurnUpright(const cv::Mat& bgr, int turn_cw);

}  // namespace onnxocr

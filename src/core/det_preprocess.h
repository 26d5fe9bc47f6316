// Detection preprocessing: PaddleOCR's DetResizeForTest + NormalizeImage +
// ToCHW, as pure functions. No shared state; thread-safe.
#pragma once

#include <vector>

#include "core/model_params.h"
#include "core/opencv.h"

namespace onnxocr {

struct DetResizePlan {
  int resized_height = 0;  // multiple of 32, >= 32
  int resized_width = 0;
};

// The network input size for an image of `height` x `width` (after the
// small-image padding below): scale so the limited side meets
// `limit_side_len`; then, when `max_side_len` > 0, scale down so that the
// longer side is at most `max_side_len`; then round each side to a multiple
// of 32.
DetResizePlan PlanDetResize(int height, int width, int limit_side_len, DetLimitType limit_type,
                            int max_side_len = 0);

struct DetInput {
  std::vector<float> chw;  // 1 x 3 x height x width, normalised
  int height = 0;
  int width = 0;
  int source_height = 0;  // the original image's size, which boxes are scaled back to
  int source_width = 0;
};

// Pads images whose height + width < 64 to at least 32x32 (as PaddleOCR
// does), resizes bilinearly to the plan and normalises channel-wise:
// (v * scale - mean[c]) / std[c]. `bgr` must be CV_8UC3. The result's `chw`
// takes over `reuse` (a previous result's chw), so a worker allocates only
// when an image needs more room than any before it.
DetInput PrepareDetInput(const cv::Mat& bgr, const DetParams& params, int limit_side_len, int max_side_len = 0,
                         std::vector<float> reuse = {});

}  // namespace onnxocr

#include "core/det_preprocess.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace onnxocr {
namespace {

int RoundToMultipleOf32(int side) {
  // Python's round() is round-half-to-even; nearbyint in the default rounding mode is too.
  const int rounded = static_cast<int>(std::nearbyint(static_cast<double>(side) / 32.0)) * 32;
  return std::max(rounded, 32);
}

cv::Mat PadSmallImage(const cv::Mat& bgr) {
  if (bgr.rows + bgr.cols >= 64) return bgr;
  cv::Mat padded(std::max(32, bgr.rows), std::max(32, bgr.cols), CV_8UC3, cv::Scalar::all(0));
  bgr.copyTo(padded(cv::Rect(0, 0, bgr.cols, bgr.rows)));
  return padded;
}

}  // namespace

DetResizePlan PlanDetResize(int height, int width, int limit_side_len, DetLimitType limit_type, int max_side_len) {
  double ratio = 1.0;
  const double limit = limit_side_len;
  if (limit_type == DetLimitType::kMax) {
    if (std::max(height, width) > limit_side_len) ratio = limit / (height > width ? height : width);
  } else {
    if (std::min(height, width) < limit_side_len) ratio = limit / (height < width ? height : width);
  }
  if (const int longer = std::max(height, width); max_side_len > 0 && longer * ratio > max_side_len) {
    ratio = static_cast<double>(max_side_len) / longer;
  }
  const int scaled_height = static_cast<int>(height * ratio);
  const int scaled_width = static_cast<int>(width * ratio);
  return DetResizePlan{RoundToMultipleOf32(scaled_height), RoundToMultipleOf32(scaled_width)};
}

DetInput PrepareDetInput(const cv::Mat& bgr, const DetParams& params, int limit_side_len, int max_side_len,
                         std::vector<float> reuse) {
  const cv::Mat padded = PadSmallImage(bgr);
  const DetResizePlan plan = PlanDetResize(padded.rows, padded.cols, limit_side_len, params.limit_type, max_side_len);

  cv::Mat resized;
  cv::resize(padded, resized, cv::Size(plan.resized_width, plan.resized_height), 0, 0, cv::INTER_LINEAR);

  DetInput input;
  input.chw = std::move(reuse);
  input.height = plan.resized_height;
  input.width = plan.resized_width;
  input.source_height = bgr.rows;
  input.source_width = bgr.cols;
  const std::size_t plane = static_cast<std::size_t>(input.height) * input.width;
  input.chw.resize(3 * plane);

  // Per-channel lookup tables: 256 entries replace a multiply-subtract-divide per sample.
  std::array<std::array<float, 256>, 3> lut{};
  for (int c = 0; c < 3; ++c) {
    for (int v = 0; v < 256; ++v) {
      lut[c][v] = (static_cast<float>(v) * params.scale - params.mean[c]) / params.std[c];
    }
  }
  float* out0 = input.chw.data();
  float* out1 = out0 + plane;
  float* out2 = out1 + plane;
  for (int y = 0; y < input.height; ++y) {
    const cv::Vec3b* row = resized.ptr<cv::Vec3b>(y);
    const std::size_t offset = static_cast<std::size_t>(y) * input.width;
    for (int x = 0; x < input.width; ++x) {
      out0[offset + x] = lut[0][row[x][0]];
      out1[offset + x] = lut[1][row[x][1]];
      out2[offset + x] = lut[2][row[x][2]];
    }
  }
  return input;
}

}  // namespace onnxocr

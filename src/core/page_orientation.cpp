#include "core/page_orientation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

namespace onnxocr {

std::vector<float> PageOrientationInput(const cv::Mat& bgr, const DocOriParams& params) {
  const int crop = params.crop_size;
  const int short_side = std::max(params.resize_short, crop);
  const double scale = static_cast<double>(short_side) / std::min(bgr.cols, bgr.rows);
  const int width = std::max(crop, static_cast<int>(std::lround(bgr.cols * scale)));
  const int height = std::max(crop, static_cast<int>(std::lround(bgr.rows * scale)));
  cv::Mat resized;
  cv::resize(bgr, resized, cv::Size(width, height), 0, 0, cv::INTER_LANCZOS4);
  const cv::Mat centre = resized(cv::Rect((width - crop) / 2, (height - crop) / 2, crop, crop));
  const auto plane = static_cast<std::size_t>(crop) * crop;
  std::vector<float> chw(3 * plane);
  for (int y = 0; y < crop; ++y) {
    const auto* row = centre.ptr<cv::Vec3b>(y);
    for (int x = 0; x < crop; ++x) {
      const std::size_t at = static_cast<std::size_t>(y) * crop + x;
      for (int c = 0; c < 3; ++c) {
        chw[c * plane + at] = (row[x][c] * params.scale - params.mean[c]) / params.std[c];
      }
    }
  }
  return chw;
}

Result<int> ClassifyPageTurn(const ModelSet& models, const cv::Mat& bgr, StageTimings& timings) {
  if (models.doc_ori() == nullptr || !models.manifest().doc_ori_params) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "model set '" + models.name() + "' has no page-orientation model (use_doc_orientation)");
  }
  const auto start = std::chrono::steady_clock::now();
  const DocOriParams& params = *models.manifest().doc_ori_params;
  const std::vector<float> input = PageOrientationInput(bgr, params);
  const std::vector<std::int64_t> shape{1, 3, params.crop_size, params.crop_size};
  int turn = 0;
  Status ran = models.doc_ori()->Run(TensorView{input, shape}, [&](const TensorView& output) -> Status {
    if (output.shape.size() != 2 || output.shape[0] != 1 ||
        static_cast<std::size_t>(output.shape[1]) != params.labels.size() ||
        output.data.size() != params.labels.size()) {
      return MakeError(ErrorCode::kModelError, "page-orientation output shape does not match its labels");
    }
    const auto best = std::max_element(output.data.begin(), output.data.end());
    if (*best >= params.thresh) turn = std::stoi(params.labels[static_cast<std::size_t>(best - output.data.begin())]);
    return Status::Ok();
  });
  timings.doc_ori += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!ran.ok()) return ran.error();
  return turn;
}

cv::Mat TurnUpright(const cv::Mat& bgr, int turn_cw) {
  cv::Mat upright;
  switch (turn_cw) {
    case 90:
      cv::rotate(bgr, upright, cv::ROTATE_90_COUNTERCLOCKWISE);
      return upright;
    case 180:
      cv::rotate(bgr, upright, cv::ROTATE_180);
      return upright;
    case 270:
      cv::rotate(bgr, upright, cv::ROTATE_90_CLOCKWISE);
      return upright;
    default:
      return bgr;
  }
}

}  // namespace onnxocr

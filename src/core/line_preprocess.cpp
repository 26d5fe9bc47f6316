#include "core/line_preprocess.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace onnxocr {

int ResizedLineWidth(const cv::Mat& line, int height, int max_width) {
  const double ratio = static_cast<double>(line.cols) / static_cast<double>(line.rows);
  const double wanted = std::ceil(height * ratio);
  if (wanted > max_width) return max_width;
  return std::max(1, static_cast<int>(wanted));
}

void WriteNormalizedLine(const cv::Mat& line, int height, int padded_width, std::span<float> out) {
  const int resized_width = ResizedLineWidth(line, height, padded_width);
  cv::Mat resized;
  cv::resize(line, resized, cv::Size(resized_width, height), 0, 0, cv::INTER_LINEAR);

  static constexpr std::array<float, 256> kLut = [] {
    std::array<float, 256> lut{};
    for (int v = 0; v < 256; ++v) lut[v] = (static_cast<float>(v) / 255.0f - 0.5f) / 0.5f;
    return lut;
  }();
  std::fill(out.begin(), out.end(), 0.0f);
  const std::size_t plane = static_cast<std::size_t>(height) * padded_width;
  for (int y = 0; y < height; ++y) {
    const cv::Vec3b* row = resized.ptr<cv::Vec3b>(y);
    const std::size_t offset = static_cast<std::size_t>(y) * padded_width;
    for (int x = 0; x < resized_width; ++x) {
      for (int c = 0; c < 3; ++c) out[c * plane + offset + x] = kLut[row[x][c]];
    }
  }
}

}  // namespace onnxocr

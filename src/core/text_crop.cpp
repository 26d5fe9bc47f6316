#include "core/text_crop.h"

#include <algorithm>
#include <cmath>

namespace onnxocr {

cv::Mat CropTextLine(const cv::Mat& bgr, const Quad& quad) {
  const int width =
      std::max(1, static_cast<int>(std::max(PointDistance(quad[0], quad[1]), PointDistance(quad[2], quad[3]))));
  const int height =
      std::max(1, static_cast<int>(std::max(PointDistance(quad[0], quad[3]), PointDistance(quad[1], quad[2]))));
  const std::array<cv::Point2f, 4> target{cv::Point2f(0.0f, 0.0f), cv::Point2f(static_cast<float>(width), 0.0f),
                                          cv::Point2f(static_cast<float>(width), static_cast<float>(height)),
                                          cv::Point2f(0.0f, static_cast<float>(height))};
  const cv::Mat transform = cv::getPerspectiveTransform(quad.data(), target.data());
  cv::Mat crop;
  cv::warpPerspective(bgr, crop, transform, cv::Size(width, height), cv::INTER_CUBIC, cv::BORDER_REPLICATE);
  if (static_cast<double>(crop.rows) / crop.cols >= 1.5) {
    cv::Mat rotated;
    cv::rotate(crop, rotated, cv::ROTATE_90_COUNTERCLOCKWISE);
    return rotated;
  }
  return crop;
}

}  // namespace onnxocr

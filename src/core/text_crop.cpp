#include "core/text_crop.h"

#include <algorithm>
#include <cmath>

namespace onnxocr {

cv::Size WarpedLineSize(const Quad& quad) {
  const int width =
      std::max(1, static_cast<int>(std::max(PointDistance(quad[0], quad[1]), PointDistance(quad[2], quad[3]))));
  const int height =
      std::max(1, static_cast<int>(std::max(PointDistance(quad[0], quad[3]), PointDistance(quad[1], quad[2]))));
  return {width, height};
}

bool TurnsVerticalLine(cv::Size warped) { return static_cast<double>(warped.height) / warped.width >= 1.5; }

cv::Mat CropTextLine(const cv::Mat& bgr, const Quad& quad) {
  const cv::Size size = WarpedLineSize(quad);
  const auto width = static_cast<float>(size.width);
  const auto height = static_cast<float>(size.height);
  const std::array<cv::Point2f, 4> target{cv::Point2f(0.0f, 0.0f), cv::Point2f(width, 0.0f),
                                          cv::Point2f(width, height), cv::Point2f(0.0f, height)};
  const cv::Mat transform = cv::getPerspectiveTransform(quad.data(), target.data());
  cv::Mat crop;
  cv::warpPerspective(bgr, crop, transform, size, cv::INTER_CUBIC, cv::BORDER_REPLICATE);
  if (TurnsVerticalLine(crop.size())) {
    cv::Mat rotated;
    cv::rotate(crop, rotated, cv::ROTATE_90_COUNTERCLOCKWISE);
    return rotated;
  }
  return crop;
}

}  // namespace onnxocr

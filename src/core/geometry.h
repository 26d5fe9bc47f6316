// Small geometry value types shared by the PP-OCR stages.
#pragma once

#include <array>
#include <cmath>

#include "core/opencv.h"

namespace onnxocr {

// A text box: four corners, clockwise from top-left once ordered.
using Quad = std::array<cv::Point2f, 4>;

// Euclidean distance in float32, as numpy's linalg.norm on float32 points.
inline float PointDistance(const cv::Point2f& a, const cv::Point2f& b) {
  const float dx = a.x - b.x;
  const float dy = a.y - b.y;
  return std::sqrt(dx * dx + dy * dy);
}

}  // namespace onnxocr

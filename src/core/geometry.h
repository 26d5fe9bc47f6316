// Small geometry value types shared by the PP-OCR stages.
#pragma once

#include <algorithm>
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

// Axis-aligned bounding rectangle of a quad.
inline cv::Rect2f QuadBounds(const Quad& quad) {
  float x0 = quad[0].x, x1 = quad[0].x, y0 = quad[0].y, y1 = quad[0].y;
  for (const cv::Point2f& p : quad) {
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

}  // namespace onnxocr

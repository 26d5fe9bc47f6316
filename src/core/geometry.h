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

// The rectangle's corners, clockwise from top-left.
inline Quad RectQuad(const cv::Rect2f& r) {
  return Quad{cv::Point2f(r.x, r.y), cv::Point2f(r.x + r.width, r.y), cv::Point2f(r.x + r.width, r.y + r.height),
              cv::Point2f(r.x, r.y + r.height)};
}

// Quarter turns. A picture whose content is turned `turn_cw` degrees
// clockwise (0, 90, 180 or 270) is `source_width` x `source_height`; the
// upright picture is it turned back. Continuous coordinates (pixel edges).
// Where a point of the upright picture lies in the source picture:
inline cv::Point2f UprightToSource(cv::Point2f upright, int turn_cw, double source_width, double source_height) {
  const auto w = static_cast<float>(source_width);
  const auto h = static_cast<float>(source_height);
  switch (turn_cw) {
    case 90: return {w - upright.y, upright.x};
    case 180: return {w - upright.x, h - upright.y};
    case 270: return {upright.y, h - upright.x};
    default: return upright;
  }
}
// Where a point of the source picture lies in the upright picture:
inline cv::Point2f SourceToUpright(cv::Point2f source, int turn_cw, double source_width, double source_height) {
  const auto w = static_cast<float>(source_width);
  const auto h = static_cast<float>(source_height);
  switch (turn_cw) {
    case 90: return {source.y, w - source.x};
    case 180: return {w - source.x, h - source.y};
    case 270: return {h - source.y, source.x};
    default: return source;
  }
}

}  // namespace onnxocr

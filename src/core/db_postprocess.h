// DB (Differentiable Binarization) postprocessing: probability map → text
// quads in source-image pixels, then PaddleOCR's filtering and reading-order
// sort. Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

#include "core/geometry.h"
#include "core/model_params.h"
#include "core/opencv.h"

namespace onnxocr {

// A probability map of map_height x map_width floats in [0, 1], row-major
// (the detector's 1 x 1 x H x W output).
struct ProbabilityMap {
  std::span<const float> data;
  int height = 0;
  int width = 0;
};

// Minimum-area rectangle of `points` with corners ordered top-left,
// top-right, bottom-right, bottom-left (PaddleOCR's get_mini_boxes), and its
// shorter side.
struct MiniBox {
  Quad corners;
  float short_side = 0.0f;
};
MiniBox MinAreaBox(std::span<const cv::Point2f> points);

// Mean probability inside the quad's polygon, over its clipped bounding box
// (the "fast" score mode).
float QuadMeanScore(const ProbabilityMap& map, const Quad& quad);

// Mean probability inside the contour polygon (the "slow" score mode).
float ContourMeanScore(const ProbabilityMap& map, std::span<const cv::Point> contour);

// Grows a polygon by area * unclip_ratio / perimeter with Clipper's round
// offset. Empty when Clipper returns nothing.
std::vector<cv::Point2f> UnclipPolygon(const Quad& quad, float unclip_ratio);

// Binarises the map with params.thresh, follows contours, scores, unclips and
// scales boxes to a source image of source_width x source_height. Corners are
// integral values.
std::vector<Quad> BoxesFromProbabilityMap(const ProbabilityMap& map, const DetParams& params, int source_width,
                                          int source_height);

// Orders corners clockwise from top-left (by x+y and y-x extremes).
Quad OrderCornersClockwise(const Quad& quad);

// Orders, clips to the image (integral corners) and drops boxes whose sides
// are 3 px or less.
std::vector<Quad> FilterDetectedBoxes(const std::vector<Quad>& boxes, int image_height, int image_width);

// Top-to-bottom, then left-to-right for boxes whose top-left corners are
// within 10 px vertically.
void SortBoxesReadingOrder(std::vector<Quad>& boxes);

}  // namespace onnxocr

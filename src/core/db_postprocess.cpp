#include "core/db_postprocess.h"

#include <clipper.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace onnxocr {
namespace {

// Smallest and largest coordinates of a point set: {min_x, max_x, min_y, max_y}.
template <class Point>
auto Extent(std::span<const Point> points) {
  using Coordinate = decltype(Point::x);
  std::array<Coordinate, 4> extent{points[0].x, points[0].x, points[0].y, points[0].y};
  for (const Point& p : points) {
    extent[0] = std::min(extent[0], p.x);
    extent[1] = std::max(extent[1], p.x);
    extent[2] = std::min(extent[2], p.y);
    extent[3] = std::max(extent[3], p.y);
  }
  return extent;
}

struct ClippedBounds {
  int xmin, xmax, ymin, ymax;
};

ClippedBounds BoundsInMap(const ProbabilityMap& map, float min_x, float max_x, float min_y, float max_y) {
  return ClippedBounds{
      std::clamp(static_cast<int>(std::floor(min_x)), 0, map.width - 1),
      std::clamp(static_cast<int>(std::ceil(max_x)), 0, map.width - 1),
      std::clamp(static_cast<int>(std::floor(min_y)), 0, map.height - 1),
      std::clamp(static_cast<int>(std::ceil(max_y)), 0, map.height - 1),
  };
}

float MeanUnderMask(const ProbabilityMap& map, const ClippedBounds& b, const std::vector<cv::Point>& polygon) {
  cv::Mat mask = cv::Mat::zeros(b.ymax - b.ymin + 1, b.xmax - b.xmin + 1, CV_8UC1);
  const cv::Point* pts = polygon.data();
  const int count = static_cast<int>(polygon.size());
  cv::fillPoly(mask, &pts, &count, 1, cv::Scalar(1));
  // cv::Mat over the const map: the header is read-only in practice; mean never writes.
  const cv::Mat whole(map.height, map.width, CV_32FC1, const_cast<float*>(map.data.data()));
  const cv::Mat roi = whole(cv::Rect(b.xmin, b.ymin, b.xmax - b.xmin + 1, b.ymax - b.ymin + 1));
  return static_cast<float>(cv::mean(roi, mask)[0]);
}

double PolygonArea(const Quad& q) {
  double twice = 0.0;
  for (std::size_t i = 0; i < q.size(); ++i) {
    const auto& a = q[i];
    const auto& b = q[(i + 1) % q.size()];
    twice += static_cast<double>(a.x) * b.y - static_cast<double>(b.x) * a.y;
  }
  return std::abs(twice) / 2.0;
}

double PolygonPerimeter(const Quad& q) {
  double length = 0.0;
  for (std::size_t i = 0; i < q.size(); ++i) {
    const double dx = static_cast<double>(q[i].x) - q[(i + 1) % q.size()].x;
    const double dy = static_cast<double>(q[i].y) - q[(i + 1) % q.size()].y;
    length += std::sqrt(dx * dx + dy * dy);
  }
  return length;
}

// np.round(v / map_side * source_side) clipped to [0, source_side]: the division
// happens in float32 and the multiply in double, as numpy 2 promotes them.
float ScaleToSource(float v, int map_side, int source_side) {
  const float in_map = v / static_cast<float>(map_side);
  const double scaled = std::nearbyint(static_cast<double>(in_map) * source_side);
  return static_cast<float>(std::clamp(scaled, 0.0, static_cast<double>(source_side)));
}

}  // namespace

MiniBox MinAreaBox(std::span<const cv::Point2f> points) {
  const cv::RotatedRect rect = cv::minAreaRect(std::vector<cv::Point2f>(points.begin(), points.end()));
  std::array<cv::Point2f, 4> corners;
  rect.points(corners.data());
  std::stable_sort(corners.begin(), corners.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
  const auto& left_top = corners[1].y > corners[0].y ? corners[0] : corners[1];
  const auto& left_bottom = corners[1].y > corners[0].y ? corners[1] : corners[0];
  const auto& right_top = corners[3].y > corners[2].y ? corners[2] : corners[3];
  const auto& right_bottom = corners[3].y > corners[2].y ? corners[3] : corners[2];
  return MiniBox{Quad{left_top, right_top, right_bottom, left_bottom}, std::min(rect.size.width, rect.size.height)};
}

float QuadMeanScore(const ProbabilityMap& map, const Quad& quad) {
  const auto [min_x, max_x, min_y, max_y] = Extent<cv::Point2f>(quad);
  const ClippedBounds b = BoundsInMap(map, min_x, max_x, min_y, max_y);
  std::vector<cv::Point> polygon;
  polygon.reserve(quad.size());
  for (const auto& p : quad) {
    // Shift then truncate toward zero, as numpy's astype(int32) does.
    polygon.emplace_back(static_cast<int>(p.x - static_cast<float>(b.xmin)),
                         static_cast<int>(p.y - static_cast<float>(b.ymin)));
  }
  return MeanUnderMask(map, b, polygon);
}

float ContourMeanScore(const ProbabilityMap& map, std::span<const cv::Point> contour) {
  if (contour.empty()) return 0.0f;
  const auto [min_x, max_x, min_y, max_y] = Extent<cv::Point>(contour);
  const ClippedBounds b{std::clamp(min_x, 0, map.width - 1), std::clamp(max_x, 0, map.width - 1),
                        std::clamp(min_y, 0, map.height - 1), std::clamp(max_y, 0, map.height - 1)};
  std::vector<cv::Point> polygon;
  polygon.reserve(contour.size());
  for (const auto& p : contour) polygon.emplace_back(p.x - b.xmin, p.y - b.ymin);
  return MeanUnderMask(map, b, polygon);
}

std::vector<cv::Point2f> UnclipPolygon(const Quad& quad, float unclip_ratio) {
  const double perimeter = PolygonPerimeter(quad);
  if (perimeter <= 0.0) return {};
  const double distance = PolygonArea(quad) * unclip_ratio / perimeter;

  ClipperLib::Path path;
  // Clipper works on integers; like pyclipper, truncate the float corners.
  for (const auto& p : quad) path.emplace_back(static_cast<ClipperLib::cInt>(p.x), static_cast<ClipperLib::cInt>(p.y));
  ClipperLib::ClipperOffset offset;
  offset.AddPath(path, ClipperLib::jtRound, ClipperLib::etClosedPolygon);
  ClipperLib::Paths expanded;
  offset.Execute(expanded, distance);

  std::vector<cv::Point2f> points;
  for (const auto& out : expanded) {
    for (const auto& p : out) points.emplace_back(static_cast<float>(p.X), static_cast<float>(p.Y));
  }
  return points;
}

std::vector<Quad> BoxesFromProbabilityMap(const ProbabilityMap& map, const DetParams& params, int source_width,
                                          int source_height) {
  const cv::Mat probability(map.height, map.width, CV_32FC1, const_cast<float*>(map.data.data()));
  cv::Mat bitmap = probability > params.thresh;  // 0 or 255
  if (params.use_dilation) {
    cv::dilate(bitmap, bitmap, cv::Mat::ones(2, 2, CV_8UC1));
  }
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(bitmap, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);

  std::vector<Quad> boxes;
  const std::size_t candidates = std::min(contours.size(), static_cast<std::size_t>(params.max_candidates));
  for (std::size_t i = 0; i < candidates; ++i) {
    const auto& contour = contours[i];
    std::vector<cv::Point2f> contour_points(contour.begin(), contour.end());
    const MiniBox mini = MinAreaBox(contour_points);
    if (mini.short_side < static_cast<float>(params.min_size)) continue;

    const float score =
        params.score_mode == DetScoreMode::kFast ? QuadMeanScore(map, mini.corners) : ContourMeanScore(map, contour);
    if (params.box_thresh > score) continue;

    const std::vector<cv::Point2f> expanded = UnclipPolygon(mini.corners, params.unclip_ratio);
    if (expanded.empty()) continue;
    const MiniBox grown = MinAreaBox(expanded);
    if (grown.short_side < static_cast<float>(params.min_size + 2)) continue;

    Quad box;
    for (std::size_t k = 0; k < 4; ++k) {
      // The reference stores boxes as int32 after rounding.
      box[k].x = ScaleToSource(grown.corners[k].x, map.width, source_width);
      box[k].y = ScaleToSource(grown.corners[k].y, map.height, source_height);
    }
    boxes.push_back(box);
  }
  return boxes;
}

Quad OrderCornersClockwise(const Quad& quad) {
  std::array<float, 4> sums{};
  std::array<float, 4> diffs{};
  for (std::size_t i = 0; i < 4; ++i) {
    sums[i] = quad[i].x + quad[i].y;
    diffs[i] = quad[i].y - quad[i].x;
  }
  // First index of the minimum / maximum, as numpy's argmin / argmax.
  const auto first_min = [](auto begin, auto end) { return std::min_element(begin, end); };
  const auto first_max = [](auto begin, auto end) {
    auto best = begin;
    for (auto it = begin; it != end; ++it) {
      if (*it > *best) best = it;
    }
    return best;
  };
  const std::size_t top_left = static_cast<std::size_t>(first_min(sums.begin(), sums.end()) - sums.begin());
  const std::size_t bottom_right = static_cast<std::size_t>(first_max(sums.begin(), sums.end()) - sums.begin());

  std::vector<std::size_t> rest;
  for (std::size_t i = 0; i < 4; ++i) {
    if (i != top_left && i != bottom_right) rest.push_back(i);
  }
  std::size_t top_right = rest.front();
  std::size_t bottom_left = rest.front();
  for (const std::size_t i : rest) {
    if (diffs[i] < diffs[top_right]) top_right = i;
    if (diffs[i] > diffs[bottom_left]) bottom_left = i;
  }
  return Quad{quad[top_left], quad[top_right], quad[bottom_right], quad[bottom_left]};
}

std::vector<Quad> FilterDetectedBoxes(const std::vector<Quad>& boxes, int image_height, int image_width) {
  std::vector<Quad> kept;
  kept.reserve(boxes.size());
  for (const Quad& box : boxes) {
    Quad ordered = OrderCornersClockwise(box);
    for (auto& p : ordered) {
      p.x = std::trunc(std::min(std::max(p.x, 0.0f), static_cast<float>(image_width - 1)));
      p.y = std::trunc(std::min(std::max(p.y, 0.0f), static_cast<float>(image_height - 1)));
    }
    const int width = static_cast<int>(PointDistance(ordered[0], ordered[1]));
    const int height = static_cast<int>(PointDistance(ordered[0], ordered[3]));
    if (width <= 3 || height <= 3) continue;
    kept.push_back(ordered);
  }
  return kept;
}

void SortBoxesReadingOrder(std::vector<Quad>& boxes) {
  std::stable_sort(boxes.begin(), boxes.end(), [](const Quad& a, const Quad& b) {
    if (a[0].y != b[0].y) return a[0].y < b[0].y;
    return a[0].x < b[0].x;
  });
  for (std::size_t i = 0; i + 1 < boxes.size(); ++i) {
    for (std::size_t j = i + 1; j-- > 0;) {
      if (std::abs(boxes[j + 1][0].y - boxes[j][0].y) < 10 && boxes[j + 1][0].x < boxes[j][0].x) {
        std::swap(boxes[j], boxes[j + 1]);
      } else {
        break;
      }
    }
  }
}

}  // namespace onnxocr

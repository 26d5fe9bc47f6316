#include "core/document/json_geometry.h"

#include <cmath>

#include "core/json_text.h"

namespace onnxocr {

// Float noise would only add digits.
void AppendCoordinate(std::string& out, float value) {
  AppendJsonNumber(out, std::round(static_cast<double>(value) * 100.0) / 100.0);
}

void AppendPolygon(std::string& out, const Quad& quad) {
  out += '[';
  for (std::size_t k = 0; k < quad.size(); ++k) {
    if (k > 0) out += ", ";
    out += '[';
    AppendCoordinate(out, quad[k].x);
    out += ", ";
    AppendCoordinate(out, quad[k].y);
    out += ']';
  }
  out += ']';
}

void AppendBBox(std::string& out, const cv::Rect2f& r) {
  out += '[';
  AppendCoordinate(out, r.x);
  out += ", ";
  AppendCoordinate(out, r.y);
  out += ", ";
  AppendCoordinate(out, r.x + r.width);
  out += ", ";
  AppendCoordinate(out, r.y + r.height);
  out += ']';
}

}  // namespace onnxocr

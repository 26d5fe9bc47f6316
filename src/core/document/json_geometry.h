// Boxes as marker's JSON writes them: coordinates to 0.01 of a pixel or point,
// polygons as four [x, y] corners, bboxes as [x0, y0, x1, y1]. Pure functions.
#pragma once

#include <string>

#include "core/geometry.h"
#include "core/opencv.h"

namespace onnxocr {

void AppendCoordinate(std::string& out, float value);
void AppendPolygon(std::string& out, const Quad& quad);
void AppendBBox(std::string& out, const cv::Rect2f& r);

}  // namespace onnxocr

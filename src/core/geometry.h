// Small geometry value types shared by the PP-OCR stages.
#pragma once

#include <array>

#include "core/opencv.h"

namespace onnxocr {

// A text box: four corners, clockwise from top-left once ordered.
using Quad = std::array<cv::Point2f, 4>;

}  // namespace onnxocr

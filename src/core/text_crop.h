// Cuts a text line out of the image along its (possibly rotated) quad.
// Pure function; thread-safe.
#pragma once

#include "core/geometry.h"
#include "core/opencv.h"

namespace onnxocr {

// Perspective-warps the quad to an upright rectangle (bicubic, replicated
// border). Crops at least 1.5 times taller than wide are rotated 90°
// counter-clockwise, so vertical text reads left to right. The result shares
// no memory with `bgr`. Quads must have sides longer than 3 px
// (FilterDetectedBoxes guarantees it).
cv::Mat CropTextLine(const cv::Mat& bgr, const Quad& quad);

}  // namespace onnxocr

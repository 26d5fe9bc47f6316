// Cuts a text line out of the image along its (possibly rotated) quad.
// Pure functions; thread-safe.
#pragma once

#include "core/geometry.h"
#include "core/opencv.h"

namespace onnxocr {

// The upright rectangle CropTextLine warps `quad` to: its longer opposite
// sides, at least 1 x 1.
cv::Size WarpedLineSize(const Quad& quad);

// Whether CropTextLine turns a warped line of this size 90° counter-clockwise:
// at least 1.5 times taller than wide (vertical text).
bool TurnsVerticalLine(cv::Size warped);

// Perspective-warps the quad to an upright rectangle (bicubic, replicated
// border). Crops at least 1.5 times taller than wide are rotated 90°
// counter-clockwise, so vertical text reads left to right. The result shares
// no memory with `bgr`. Quads must have sides longer than 3 px
// (FilterDetectedBoxes guarantees it).
cv::Mat CropTextLine(const cv::Mat& bgr, const Quad& quad);

}  // namespace onnxocr

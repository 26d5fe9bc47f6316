// Text-line preprocessing shared by the orientation classifier and the
// recogniser: aspect-preserving resize to a fixed height, (v/255 - 0.5)/0.5
// normalisation, zero padding on the right. Pure functions; thread-safe.
#pragma once

#include <span>

#include "core/opencv.h"

namespace onnxocr {

// Width the line is resized to: ceil(height * w / h), capped at max_width.
int ResizedLineWidth(const cv::Mat& line, int height, int max_width);

// Writes one 3 x height x padded_width CHW sample into `out` (size
// 3 * height * padded_width). The line is resized to
// ResizedLineWidth(line, height, padded_width) and the rest is zero.
void WriteNormalizedLine(const cv::Mat& line, int height, int padded_width, std::span<float> out);

}  // namespace onnxocr

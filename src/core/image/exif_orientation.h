// EXIF orientation: parsing tag 0x0112 out of a JPEG APP1 payload and applying
// it to a decoded image. Stateless free functions, safe from any thread.
#pragma once

#include <cstdint>
#include <span>

#include "core/opencv.h"

namespace onnxocr::image_internal {

// `app1_payload` is the APP1 segment body (after the length field), starting
// with "Exif\0\0". Returns the IFD0 orientation 1..8, or 1 when the payload is
// not Exif, is malformed or truncated, or holds an out-of-range value.
int ParseExifOrientation(std::span<const std::uint8_t> app1_payload);

// Rotates/flips `image` in place so that orientation `orientation` becomes
// top-left, the same transforms cv::imdecode applies. Values outside 2..8 are
// a no-op.
void ApplyExifOrientation(int orientation, cv::Mat& image);

}  // namespace onnxocr::image_internal

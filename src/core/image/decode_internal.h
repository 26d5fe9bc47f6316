// Internal helpers shared by the per-format decoders in src/core/image.
// Not part of the public API; stateless free functions, safe from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/image_decode.h"
#include "core/opencv.h"
#include "core/status.h"

namespace onnxocr::image_internal {

// Checks one page's declared size against `limits` before any pixel memory
// is allocated. `what` names the image in the message ("PNG", "TIFF page 2").
Status CheckDimensions(std::int64_t width, std::int64_t height, const DecodeLimits& limits, std::string_view what);

Error CorruptInput(std::string_view what, std::string_view detail);
Error UnsupportedFormat(std::string_view what, std::string_view detail);

// Per-format decoders. Each returns CV_8UC3 BGR pages and never throws.
Result<std::vector<cv::Mat>> DecodeJpeg(std::span<const std::uint8_t> bytes, const DecodeLimits& limits);
Result<std::vector<cv::Mat>> DecodePng(std::span<const std::uint8_t> bytes, const DecodeLimits& limits);
Result<std::vector<cv::Mat>> DecodeWebp(std::span<const std::uint8_t> bytes, const DecodeLimits& limits);
Result<std::vector<cv::Mat>> DecodeBmp(std::span<const std::uint8_t> bytes, const DecodeLimits& limits);
Result<std::vector<cv::Mat>> DecodeTiff(std::span<const std::uint8_t> bytes, const DecodeLimits& limits,
                                        PageSelection pages);

}  // namespace onnxocr::image_internal

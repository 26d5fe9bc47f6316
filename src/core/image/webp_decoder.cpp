// WebP via libwebp's simple decoding API into caller-owned cv::Mat memory.
// Animated WebP is rejected (kUnsupportedFormat), not reduced to a frame.
#include <string>

#include <webp/decode.h>

#include "core/image/decode_internal.h"

namespace onnxocr::image_internal {
namespace {

std::string_view StatusText(VP8StatusCode code) {
  switch (code) {
    case VP8_STATUS_OK: return "ok";
    case VP8_STATUS_OUT_OF_MEMORY: return "out of memory";
    case VP8_STATUS_INVALID_PARAM: return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR: return "bitstream error";
    case VP8_STATUS_UNSUPPORTED_FEATURE: return "unsupported feature";
    case VP8_STATUS_SUSPENDED: return "suspended";
    case VP8_STATUS_USER_ABORT: return "aborted";
    case VP8_STATUS_NOT_ENOUGH_DATA: return "not enough data";
  }
  return "unknown error";
}

}  // namespace

Result<std::vector<cv::Mat>> DecodeWebp(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  WebPBitstreamFeatures features;
  if (const VP8StatusCode code = WebPGetFeatures(bytes.data(), bytes.size(), &features); code != VP8_STATUS_OK) {
    if (code == VP8_STATUS_UNSUPPORTED_FEATURE) return UnsupportedFormat("WebP", StatusText(code));
    return CorruptInput("WebP", StatusText(code));
  }
  if (features.has_animation) return UnsupportedFormat("WebP", "animated WebP (no frame is decoded)");
  if (Status status = CheckDimensions(features.width, features.height, limits, "WebP image"); !status.ok()) {
    return status.error();
  }

  // Like OpenCV: images with alpha are decoded as BGRA and the alpha dropped.
  const bool has_alpha = features.has_alpha != 0;
  cv::Mat decoded(features.height, features.width, has_alpha ? CV_8UC4 : CV_8UC3);
  const std::size_t buffer_size = decoded.step[0] * static_cast<std::size_t>(decoded.rows);
  const int stride = static_cast<int>(decoded.step[0]);
  const std::uint8_t* written = has_alpha
                                    ? WebPDecodeBGRAInto(bytes.data(), bytes.size(), decoded.data, buffer_size, stride)
                                    : WebPDecodeBGRInto(bytes.data(), bytes.size(), decoded.data, buffer_size, stride);
  if (written != decoded.data) return CorruptInput("WebP", "pixel data could not be decoded");

  cv::Mat bgr;
  if (has_alpha) {
    cv::cvtColor(decoded, bgr, cv::COLOR_BGRA2BGR);
  } else {
    bgr = decoded;
  }
  std::vector<cv::Mat> pages;
  pages.push_back(std::move(bgr));
  return pages;
}

}  // namespace onnxocr::image_internal

#include "core/image_decode.h"

#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "core/image/decode_internal.h"

namespace onnxocr {
namespace {

bool StartsWith(std::span<const std::uint8_t> bytes, std::string_view magic, std::size_t offset = 0) {
  return bytes.size() >= offset + magic.size() && std::memcmp(bytes.data() + offset, magic.data(), magic.size()) == 0;
}

}  // namespace

std::string_view ImageFormatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg: return "JPEG";
    case ImageFormat::kPng: return "PNG";
    case ImageFormat::kWebp: return "WebP";
    case ImageFormat::kBmp: return "BMP";
    case ImageFormat::kTiff: return "TIFF";
    case ImageFormat::kPdf: return "PDF";
    case ImageFormat::kUnknown: return "unknown";
  }
  return "unknown";
}

ImageFormat SniffImageFormat(std::span<const std::uint8_t> bytes) {
  using namespace std::string_view_literals;
  if (StartsWith(bytes, "\xFF\xD8\xFF"sv)) return ImageFormat::kJpeg;
  if (StartsWith(bytes, "\x89PNG\r\n\x1A\n"sv)) return ImageFormat::kPng;
  if (StartsWith(bytes, "RIFF"sv) && StartsWith(bytes, "WEBP"sv, 8)) return ImageFormat::kWebp;
  if (StartsWith(bytes, "BM"sv)) return ImageFormat::kBmp;
  if (StartsWith(bytes, "II*\0"sv) || StartsWith(bytes, "MM\0*"sv)) return ImageFormat::kTiff;
  if (StartsWith(bytes, "II+\0"sv) || StartsWith(bytes, "MM\0+"sv)) return ImageFormat::kTiff;  // BigTIFF
  if (StartsWith(bytes, "%PDF-"sv)) return ImageFormat::kPdf;
  return ImageFormat::kUnknown;
}

Result<std::vector<cv::Mat>> DecodeImage(std::span<const std::uint8_t> bytes, const DecodeLimits& limits,
                                         PageSelection pages) {
  const ImageFormat format = SniffImageFormat(bytes);
  try {
    switch (format) {
      case ImageFormat::kJpeg: return image_internal::DecodeJpeg(bytes, limits);
      case ImageFormat::kPng: return image_internal::DecodePng(bytes, limits);
      case ImageFormat::kWebp: return image_internal::DecodeWebp(bytes, limits);
      case ImageFormat::kBmp: return image_internal::DecodeBmp(bytes, limits);
      case ImageFormat::kTiff: return image_internal::DecodeTiff(bytes, limits, pages);
      case ImageFormat::kPdf: return MakeError(ErrorCode::kUnsupportedFormat, "PDF must be rasterised first");
      case ImageFormat::kUnknown: break;
    }
  } catch (...) {
    return ErrorFromCurrentException("decoding " + std::string(ImageFormatName(format)));
  }
  if (bytes.empty()) return MakeError(ErrorCode::kUnsupportedFormat, "image is empty (0 bytes)");
  return MakeError(ErrorCode::kUnsupportedFormat,
                   "unrecognised image format (expected JPEG, PNG, WebP, BMP or TIFF magic bytes)");
}

namespace image_internal {

Status CheckDimensions(std::int64_t width, std::int64_t height, const DecodeLimits& limits, std::string_view what) {
  const std::string name(what);
  if (width <= 0 || height <= 0) {
    return MakeError(ErrorCode::kCorruptInput,
                     name + " has an empty size " + std::to_string(width) + "x" + std::to_string(height));
  }
  const std::string size_text = name + " is " + std::to_string(width) + "x" + std::to_string(height);
  constexpr std::int64_t kMaxFactor = std::int64_t{1} << 31;  // keeps width * height inside int64
  if (width < kMaxFactor && height < kMaxFactor) {
    const std::int64_t pixels = width * height;
    if (pixels > limits.max_pixels) {
      return MakeError(ErrorCode::kLimitExceeded, size_text + " = " + std::to_string(pixels) + " pixels, limit is " +
                                                      std::to_string(limits.max_pixels));
    }
    if (pixels > limits.max_total_pixels) {
      return MakeError(ErrorCode::kLimitExceeded, size_text + " = " + std::to_string(pixels) + " pixels, limit is " +
                                                      std::to_string(limits.max_total_pixels) + " per file");
    }
  }
  if (width > limits.max_side || height > limits.max_side) {
    return MakeError(ErrorCode::kLimitExceeded,
                     size_text + ", a side is over the limit of " + std::to_string(limits.max_side));
  }
  return Status::Ok();
}

Error CorruptInput(std::string_view what, std::string_view detail) {
  return MakeError(ErrorCode::kCorruptInput, std::string(what) + " is corrupt or truncated: " + std::string(detail));
}

Error UnsupportedFormat(std::string_view what, std::string_view detail) {
  return MakeError(ErrorCode::kUnsupportedFormat, std::string(what) + " is not supported: " + std::string(detail));
}

}  // namespace image_internal
}  // namespace onnxocr

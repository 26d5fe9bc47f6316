// Image decoding with limits, from bytes in memory. Formats are detected by
// magic bytes only. Every decoder checks the declared dimensions against
// DecodeLimits *before* allocating pixel memory, and turns every decoder
// warning or error into an Error value (never longjmp out, never abort).
// Stateless free functions: safe to call from any thread concurrently.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/opencv.h"
#include "core/status.h"

namespace onnxocr {

enum class ImageFormat { kUnknown, kJpeg, kPng, kWebp, kBmp, kTiff, kPdf };

std::string_view ImageFormatName(ImageFormat format);

// Looks only at the leading bytes. kPdf is recognised so callers can route it,
// but DecodeImage does not rasterise PDFs.
ImageFormat SniffImageFormat(std::span<const std::uint8_t> bytes);

// Every limit is checked from the file's declared sizes before the memory it
// guards is allocated.
struct DecodeLimits {
  std::int64_t max_pixels = 40'000'000;         // width * height of one page/frame
  int max_side = 16'384;                        // longest side of one page/frame
  int max_frames = 64;                          // pages of a multi-page TIFF
  std::int64_t max_total_pixels = 100'000'000;  // all pages of one file together (3 bytes each once decoded)
  int max_jpeg_scans = 500;                     // progressive JPEG scans (real encoders emit < 20)
  std::int64_t max_png_chunk_bytes = 8 << 20;   // one ancillary PNG chunk (iCCP, zTXt, ...), decompressed
  int max_png_chunks = 1000;                    // ancillary PNG chunks kept while reading
};

// Decodes every page/frame to 8-bit BGR (CV_8UC3), the layout the PP-OCR
// stages expect, matching cv::imdecode(IMREAD_COLOR) pixel for pixel: gray is
// replicated, alpha is dropped (not blended), 16-bit PNG samples keep their
// high byte (16-bit TIFF goes through libtiff's RGBA path and is rounded, as in
// OpenCV), palettes are expanded, and JPEG EXIF orientation is applied.
// Errors: kUnsupportedFormat (unknown magic, PDF, animated WebP, RLE BMP, ...),
// kCorruptInput (truncated/malformed; libjpeg warnings count as errors),
// kLimitExceeded (a page over `limits`, more TIFF pages than max_frames, pages
// together over max_total_pixels, more JPEG scans than max_jpeg_scans, a PNG
// chunk over max_png_chunk_bytes or more than max_png_chunks of them).
// PageSelection::kFirst decodes only the first page of a multi-page file
// (the others are neither read nor counted against max_frames).
enum class PageSelection { kAll, kFirst };
Result<std::vector<cv::Mat>> DecodeImage(std::span<const std::uint8_t> bytes, const DecodeLimits& limits,
                                         PageSelection pages = PageSelection::kAll);

// What a JPEG's header says: its stored size, colour components (1 grey, 3
// YCbCr/RGB, 4 CMYK) and EXIF orientation (1..8; 1 when absent), without
// decoding it. DecodeImage returns the picture turned upright by that
// orientation.
struct JpegInfo {
  int width = 0;
  int height = 0;
  int components = 0;
  int exif_orientation = 1;
};
Result<JpegInfo> ReadJpegInfo(std::span<const std::uint8_t> bytes);

}  // namespace onnxocr

// One image format through the public decoder, DecodeImage. Built once per
// format (ONNXOCR_FUZZ_FORMAT = kJpeg, kPng, kWebp, kBmp, kTiff): inputs whose
// magic bytes pick another format are rejected (return -1), so each target's
// corpus stays on its own decoder. The limits are small so that time goes to
// parsing rather than to huge allocations, and they are the decoder's own
// DecodeLimits: the harness never pre-checks sizes, so a decompression bomb
// that slips past the decoders' checks shows up as an OOM or timeout.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/image_decode.h"
#include "decode_checks.h"

constexpr onnxocr::ImageFormat kFormat = onnxocr::ImageFormat::ONNXOCR_FUZZ_FORMAT;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  if (onnxocr::SniffImageFormat(bytes) != kFormat) return -1;

  onnxocr::DecodeLimits limits;
  limits.max_pixels = 4'000'000;
  limits.max_side = 4096;
  limits.max_frames = 8;
  auto pages = onnxocr::DecodeImage(bytes, limits);
  onnxocr::fuzz::CheckDecodedPages(pages, limits);
  if (!pages.ok()) return 0;
  for (const cv::Mat& page : *pages) {
    // Touch every pixel so ASan sees reads of anything the decoder left unowned.
    volatile unsigned sum = 0;
    for (int y = 0; y < page.rows; ++y) {
      const std::uint8_t* row = page.ptr<std::uint8_t>(y);
      for (int x = 0; x < page.cols * 3; ++x) sum = sum + row[x];
    }
  }
  return 0;
}

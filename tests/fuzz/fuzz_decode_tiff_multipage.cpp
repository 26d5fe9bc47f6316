// Multi-page TIFF: the first input byte picks the frame limit (0..8) and the
// per-page pixel limit, the rest is the TIFF. Exercises the directory chain
// (loops, broken offsets, more pages than allowed) and the page loop in
// DecodeTiff with limits that are actually reached.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/image_decode.h"
#include "decode_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return -1;
  const std::uint8_t control = data[0];
  const std::span<const std::uint8_t> bytes(data + 1, size - 1);
  if (onnxocr::SniffImageFormat(bytes) != onnxocr::ImageFormat::kTiff) return -1;

  onnxocr::DecodeLimits limits;
  limits.max_frames = control % 9;
  limits.max_pixels = (control & 0x80) != 0 ? 4096 : 1'000'000;
  limits.max_side = 2048;
  onnxocr::fuzz::CheckDecodedPages(onnxocr::DecodeImage(bytes, limits), limits);
  return 0;
}

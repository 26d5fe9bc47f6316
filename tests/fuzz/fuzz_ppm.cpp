// (5c) pdftoppm's binary PPM -> BGR (ParsePpm). The first input byte picks
// the pixel limit, so both sides of the limit check are reached.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/pdf/pdf_parsers.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return -1;
  const std::int64_t max_pixels = (data[0] & 1) != 0 ? 64 : 4'000'000;
  const std::string_view ppm(reinterpret_cast<const char*>(data + 1), size - 1);
  auto image = onnxocr::ParsePpm(ppm, max_pixels);
  if (!image.ok()) {
    const auto code = image.error().code;
    FUZZ_CHECK_MSG(code == onnxocr::ErrorCode::kCorruptInput || code == onnxocr::ErrorCode::kUnsupportedFormat ||
                       code == onnxocr::ErrorCode::kLimitExceeded,
                   image.error().message);
    return 0;
  }
  FUZZ_CHECK(image->type() == CV_8UC3);
  FUZZ_CHECK(image->rows > 0 && image->cols > 0);
  FUZZ_CHECK(static_cast<std::int64_t>(image->rows) * image->cols <= max_pixels);
  FUZZ_CHECK(static_cast<std::size_t>(image->rows) * static_cast<std::size_t>(image->cols) * 3 < ppm.size());
  FUZZ_CHECK(image->isContinuous());
  return 0;
}

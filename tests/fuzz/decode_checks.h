// What DecodeImage promises for any input, checked by the decoder harnesses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/image_decode.h"
#include "fuzz_util.h"

namespace onnxocr::fuzz {

// Either an error that is not kInternal, or 1..max_frames non-empty 8-bit BGR
// pages within the side and pixel limits.
inline void CheckDecodedPages(const Result<std::vector<cv::Mat>>& pages, const DecodeLimits& limits) {
  if (!pages.ok()) {
    CheckNotInternal(pages.error());
    return;
  }
  FUZZ_CHECK(!pages->empty());
  FUZZ_CHECK(pages->size() <= static_cast<std::size_t>(limits.max_frames));
  for (const cv::Mat& page : *pages) {
    FUZZ_CHECK(page.type() == CV_8UC3);
    FUZZ_CHECK(page.rows > 0 && page.cols > 0);
    FUZZ_CHECK(page.rows <= limits.max_side && page.cols <= limits.max_side);
    FUZZ_CHECK(static_cast<std::int64_t>(page.rows) * page.cols <= limits.max_pixels);
  }
}

}  // namespace onnxocr::fuzz

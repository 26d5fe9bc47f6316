#include "runtime/synthetic_input.h"

#include <algorithm>
#include <cstddef>

namespace onnxocr {

int DetectorWarmUpSide(const DetParams& params) { return std::max(32, (params.limit_side_len + 31) / 32 * 32); }

SyntheticInput::SyntheticInput(int batch, int height, int width) : shape_{batch, 3, height, width} {
  const auto plane = static_cast<std::size_t>(height) * static_cast<std::size_t>(width);
  data_.resize(static_cast<std::size_t>(batch) * 3 * plane);
  // Lines every `pitch` rows, each half a pitch tall and centred; words of 96
  // columns with 24-column gaps; 5-column strokes every 12 columns. (Finer
  // patterns leave PP-OCR's detector dark at small sizes.)
  const int pitch = std::min(height, 64);
  const int line_height = std::max(1, pitch / 2);
  const int top = (pitch - line_height) / 2;
  for (int y = 0; y < height; ++y) {
    const int row = y % pitch;
    const bool in_line = row >= top && row < top + line_height;
    for (int x = 0; x < width; ++x) {
      const bool ink = in_line && x % 120 < 96 && x % 12 < 5;
      data_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)] =
          ink ? -1.0f : 1.0f;
    }
  }
  for (std::size_t copy = 1; copy < static_cast<std::size_t>(batch) * 3; ++copy) {
    std::copy_n(data_.begin(), plane, data_.begin() + static_cast<std::ptrdiff_t>(copy * plane));
  }
}

}  // namespace onnxocr

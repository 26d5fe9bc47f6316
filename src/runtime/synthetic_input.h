// A deterministic text-like model input: dark strokes grouped in words and
// lines on a light background, already normalised (background +1, ink -1),
// so the detector and recogniser respond as they do to a page. Warm-up
// (session_warmup.h) and the engine self-check (engine_check.h) run on it.
// Value type.
#pragma once

#include <cstdint>
#include <vector>

#include "core/model_params.h"
#include "core/tensor_model.h"

namespace onnxocr {

// The square side the detector is warmed at: its limit side rounded up to
// the multiple of 32 that preprocessing resizes to (at least 32).
int DetectorWarmUpSide(const DetParams& params);

class SyntheticInput {
 public:
  // An NCHW float tensor of batch x 3 x height x width.
  SyntheticInput(int batch, int height, int width);
  TensorView view() const { return TensorView{data_, shape_}; }

 private:
  std::vector<float> data_;
  std::vector<std::int64_t> shape_;
};

}  // namespace onnxocr

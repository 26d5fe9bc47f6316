// The inference seam between the OCR core and a runtime (ONNX Runtime in
// src/runtime). The core never sees ORT types. Implementations must allow
// concurrent Run calls from many threads on one instance.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "core/status.h"

namespace onnxocr {

// A read-only float tensor: row-major data and its shape.
struct TensorView {
  std::span<const float> data;
  std::span<const std::int64_t> shape;
};

// Receives the model's first output while it is alive; must not keep the view.
using TensorConsumer = std::function<Status(const TensorView& output)>;

class TensorModel {
 public:
  virtual ~TensorModel() = default;
  // Runs the model on one float input and hands the first output to `consume`.
  virtual Status Run(const TensorView& input, const TensorConsumer& consume) const = 0;
};

}  // namespace onnxocr

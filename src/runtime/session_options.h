// The one place ONNX Runtime session options are built.
#pragma once

#include <onnxruntime_cxx_api.h>

#include "runtime/engine.h"

namespace onnxocr {

Ort::SessionOptions BuildSessionOptions(const SessionConfig& config);

}  // namespace onnxocr

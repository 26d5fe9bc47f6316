// The one place ONNX Runtime session options are built.
#pragma once

#include <onnxruntime_cxx_api.h>

namespace onnxocr {

struct SessionConfig {
  int intra_op_threads = 1;     // threads one Run may use; 0 lets ORT pick (all cores)
  bool allow_spinning = false;  // busy-wait between ops; only worth it on dedicated cores
};

Ort::SessionOptions BuildSessionOptions(const SessionConfig& config);

}  // namespace onnxocr

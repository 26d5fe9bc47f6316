// TensorModel backed by an ONNX Runtime session with one float input and at
// least one float output. Session::Run is thread-safe, so one OrtModel serves
// all threads; it owns its session.
#pragma once

#include <memory>
#include <string>

#include "core/model_params.h"
#include "core/status.h"
#include "core/tensor_model.h"
#include "runtime/session_options.h"

namespace onnxocr {

Result<std::unique_ptr<TensorModel>> LoadOrtModel(const ModelFile& file, const SessionConfig& config);

}  // namespace onnxocr

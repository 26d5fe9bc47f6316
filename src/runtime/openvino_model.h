// TensorModel backed by an OpenVINO compiled model (CPU plugin) with one
// float input and at least one float output. One instance serves all
// threads: each Run borrows an infer request from the model's pool (creating
// one when every request is in use, so the pool grows to the highest number
// of overlapping runs, which warm-up reaches at start-up) and gives it back.
// It owns its compiled model and requests. Only built with
// -DONNXOCR_WITH_OPENVINO=ON.
#pragma once

#include <memory>

#include "core/model_params.h"
#include "core/status.h"
#include "core/tensor_model.h"
#include "runtime/engine.h"

namespace onnxocr {

// Reads the ONNX file and compiles it for the CPU as compile_options.h says.
Result<std::unique_ptr<TensorModel>> LoadOpenVinoModel(const ModelFile& file, const SessionConfig& config);

}  // namespace onnxocr

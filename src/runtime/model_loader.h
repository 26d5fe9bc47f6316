// Loads one model file on the chosen engine: the single place that knows
// which engines this binary has. Stateless; safe from any thread.
#pragma once

#include <memory>

#include "core/model_params.h"
#include "core/status.h"
#include "core/tensor_model.h"
#include "runtime/engine.h"

namespace onnxocr {

// kInvalidArgument for OpenVINO in a build without it.
Result<std::unique_ptr<TensorModel>> LoadEngineModel(EngineKind engine, const ModelFile& file,
                                                     const SessionConfig& config);

}  // namespace onnxocr

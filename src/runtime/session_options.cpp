#include "runtime/session_options.h"

namespace onnxocr {

Ort::SessionOptions BuildSessionOptions(const SessionConfig& config) {
  Ort::SessionOptions options;
  options.SetGraphOptimizationLevel(GraphOptimizationLevel::ORT_ENABLE_ALL);
  options.SetExecutionMode(ExecutionMode::ORT_SEQUENTIAL);
  options.SetIntraOpNumThreads(config.intra_op_threads);
  options.SetInterOpNumThreads(1);
  options.AddConfigEntry("session.intra_op.allow_spinning", config.allow_spinning ? "1" : "0");
  options.AddConfigEntry("session.inter_op.allow_spinning", "0");
  options.SetLogSeverityLevel(ORT_LOGGING_LEVEL_ERROR);
  return options;
}

}  // namespace onnxocr

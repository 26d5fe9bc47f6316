#include "runtime/ort_env.h"

#include "runtime/silenced_stderr.h"

namespace onnxocr {
namespace {

Ort::Env CreateQuietEnv() {
  const SilencedStderr silence;
  return Ort::Env(ORT_LOGGING_LEVEL_ERROR, "onnxocr");
}

}  // namespace

std::string OrtVersion() { return OrtGetApiBase()->GetVersionString(); }

Ort::Env& OrtEnvironment() {
  static Ort::Env env = CreateQuietEnv();
  return env;
}

}  // namespace onnxocr

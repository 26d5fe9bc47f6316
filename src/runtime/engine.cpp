#include "runtime/engine.h"

#include <fstream>
#include <sstream>

#include "runtime/ort_env.h"
#ifdef ONNXOCR_WITH_OPENVINO
#include "runtime/openvino_env.h"
#endif

namespace onnxocr {

std::string_view EngineName(EngineKind engine) {
  return engine == EngineKind::kOpenVino ? "openvino" : "onnxruntime";
}

std::string_view PrecisionName(Precision precision) { return precision == Precision::kBf16 ? "bf16" : "f32"; }

Result<Precision> ParsePrecision(std::string_view word) {
  if (word == "f32") return Precision::kF32;
  if (word == "bf16") return Precision::kBf16;
  return MakeError(ErrorCode::kInvalidArgument, "precision must be f32 or bf16, not '" + std::string(word) + "'");
}

bool OpenVinoBuilt() {
#ifdef ONNXOCR_WITH_OPENVINO
  return true;
#else
  return false;
#endif
}

std::string EngineVersion(EngineKind engine) {
  if (engine == EngineKind::kOnnxRuntime) return OrtVersion();
#ifdef ONNXOCR_WITH_OPENVINO
  return OpenVinoVersion();
#else
  return "none";
#endif
}

bool CpuHasNativeBf16() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream words(line);
    std::string flag;
    while (words >> flag) {
      if (flag == "avx512_bf16" || flag == "amx_bf16") return true;
    }
    return false;  // every CPU lists the same flags; the first line decides
  }
  return false;
}

std::string EngineChoice::Describe() const {
  return std::string(EngineName(engine)) + " " + version + " " + std::string(PrecisionName(precision));
}

}  // namespace onnxocr

// Which inference engine runs the models and how one model's runs are
// configured: plain value types shared by both engines (ONNX Runtime:
// session_options.h; OpenVINO: compile_options.h) and by the planner.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace onnxocr {

enum class EngineKind { kOnnxRuntime, kOpenVino };
enum class Precision { kF32, kBf16 };

// "onnxruntime" / "openvino"; "f32" / "bf16".
std::string_view EngineName(EngineKind engine);
std::string_view PrecisionName(Precision precision);
Result<Precision> ParsePrecision(std::string_view word);

// True when this binary was built with OpenVINO (-DONNXOCR_WITH_OPENVINO=ON).
bool OpenVinoBuilt();

// The engine library's version: "1.21.0" (ONNX Runtime), "2026.4.1-..."
// (OpenVINO's build number; "none" in a build without it).
std::string EngineVersion(EngineKind engine);

// True when the CPU computes bf16 natively (AVX512_BF16 or AMX-BF16), as
// /proc/cpuinfo's flags say; OpenVINO would otherwise emulate it slowly.
bool CpuHasNativeBf16();

// The engine a server or a CLI run uses, chosen once at start-up.
struct EngineChoice {
  EngineKind engine = EngineKind::kOnnxRuntime;
  Precision precision = Precision::kF32;
  std::string version;  // the engine library's version, e.g. "2026.4.1-..." or "1.21.0"
  // "onnxruntime 1.21.0 f32"
  std::string Describe() const;
};

// How one loaded model runs, for either engine.
struct SessionConfig {
  int intra_op_threads = 1;     // threads one Run may use; 0 lets the engine pick (all cores)
  bool allow_spinning = false;  // ONNX Runtime: busy-wait between ops; only worth it on dedicated cores
  // Run calls that may overlap on this model (OpenVINO: one stream each, so
  // they do not wait for each other; ONNX Runtime needs nothing).
  int concurrent_runs = 1;
  Precision precision = Precision::kF32;  // OpenVINO's inference precision; ONNX Runtime runs f32 only
  // OpenVINO: export compiled models to and import them from this folder
  // (compiled_model_cache.h); empty: compile every time. ONNX Runtime ignores it.
  std::string cache_dir{};
};

}  // namespace onnxocr

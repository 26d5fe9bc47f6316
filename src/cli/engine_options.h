// Command-line flags shared by every subcommand that runs OCR, each with an
// ONNXOCR_* environment twin, and their one-time validation. Value types.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/image_decode.h"
#include "core/model_set.h"
#include "core/ocr_types.h"
#include "core/status.h"
#include "runtime/model_registry.h"
#include "runtime/engine.h"

namespace onnxocr::cli {

struct EngineOptions {
  std::string models_dir;  // empty: the first existing default location
  // The request options' flags (core/request_options.h: --model,
  // --use-angle-cls, ...) as given, by option name; unset when not given.
  std::map<std::string, std::optional<std::string>, std::less<>> request_flags;
  std::optional<float> det_thresh;
  std::optional<float> det_box_thresh;
  std::optional<float> det_unclip_ratio;
  int threads = 0;              // ORT intra-op threads per session; 0 = all cores
  std::string mode{kParityModeName};  // parity: reference recognition batches; fast: width-budget batches
  std::string engine = "auto";  // auto | openvino | onnxruntime (engine_choice.h)
  std::string precision = "f32";  // f32 | bf16 (OpenVINO only, CPUs with native BF16)
  DecodeLimits decode_limits;
};

// Which command the flags are for: serve plans its threads itself (no
// --threads) and takes only the request options whose default it can set.
enum class FlagsFor { kOcr, kServe };

// Registers the flags on `command`, bound to `options`.
void AddEngineOptions(CLI::App& command, EngineOptions& options, FlagsFor flags_for);

// The model set requests get when they name none: --model, else kDefaultModelSet.
std::string DefaultModel(const EngineOptions& options);

// Checks every value's range, whether it came from a flag or an env twin.
Status ValidateEngineOptions(const EngineOptions& options);

// Where model sets are looked up when --models-dir is not given.
std::filesystem::path ResolveModelsDir(const EngineOptions& options);

// The manifests of the named sets (all sets found when `names` is empty; the
// default set DefaultModel(options) always), with the flag overrides applied;
// kNotFound names a missing set and lists the available ones.
Result<std::vector<ModelManifest>> ResolveModelSets(const EngineOptions& options,
                                                    const std::vector<std::string>& names);

// Loads the chosen model set on `engine` with the flag overrides applied.
Result<std::unique_ptr<ModelSet>> LoadConfiguredModelSet(const EngineOptions& options, EngineKind engine,
                                                         const SessionConfig& session);

// Loads `sets` (from ResolveModelSets) on `engine`, as `session` configures;
// `default_set` names the set requests get when they name none.
Result<std::unique_ptr<ModelRegistry>> LoadModelRegistry(const std::vector<ModelManifest>& sets,
                                                         const std::string& default_set, EngineKind engine,
                                                         const SessionConfig& session);

// Per-request options implied by the flags: the request options' flags,
// checked as a request's fields are, and --mode. kInvalidArgument names the
// flag and its env twin.
Result<OcrOptions> RequestOptions(const EngineOptions& options);

}  // namespace onnxocr::cli

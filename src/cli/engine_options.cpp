#include "cli/engine_options.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <system_error>
#include <vector>

#include "cli/flag.h"
#include "core/models/model_manifest.h"
#include "core/request_options.h"
#include "runtime/all_at_once.h"
#include "runtime/model_loader.h"
#include "runtime/shared_model_loader.h"

namespace onnxocr::cli {
namespace {

// --mode's words (core/ocr_types.h) and what each selects.
Result<RecBatching> ParseMode(const std::string& mode) {
  auto parity = ParseSwitch("--mode", mode, kParityModeName, kFastModeName);
  if (!parity.ok()) return parity.error();
  return parity.value() ? RecBatching::kReference : RecBatching::kWidthBudget;
}

// How --help shows a request option's value.
const char* FlagTypeName(OptionType type) {
  switch (type) {
    case OptionType::kBoolean:
      return "BOOL";
    case OptionType::kInteger:
      return "INT";
    case OptionType::kNumber:
      return "FLOAT";
    case OptionType::kString:
      return "TEXT";
  }
  return "TEXT";
}

std::filesystem::path ExecutableDir() {
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : exe.parent_path();
}

}  // namespace

void AddEngineOptions(CLI::App& command, EngineOptions& options, FlagsFor flags_for) {
  command.add_option("--models-dir", options.models_dir, "Folder of model sets (each a folder with manifest.json)")
      ->envname(EnvTwin("--models-dir"));
  for (const RequestOption& option : onnxocr::RequestOptions()) {
    if (flags_for == FlagsFor::kServe && !option.serve_sets_default) continue;
    const std::string flag = OptionFlag(option);
    std::string help = std::string(option.meaning) + " Default: " + std::string(option.default_text) + ".";
    if (flags_for == FlagsFor::kServe) help += " The default of requests that leave " + std::string(option.name) + " out.";
    help.erase(std::remove(help.begin(), help.end(), '`'), help.end());
    if (option.type == OptionType::kInteger || option.type == OptionType::kNumber) {
      std::string range = OptionExpectation(option);  // "an integer in [32, 8192]"
      range.front() = 'A';
      help += " " + range + ".";
    }
    command.add_option(flag, options.request_flags[std::string(option.name)], help)
        ->envname(EnvTwin(flag))
        ->type_name(FlagTypeName(option.type));
  }
  AddFlag(command, "--det-thresh", options.det_thresh, "Probability map threshold (default: the model set's)");
  AddFlag(command, "--det-box-thresh", options.det_box_thresh, "Minimum box score (default: the model set's)");
  AddFlag(command, "--det-unclip-ratio", options.det_unclip_ratio, "Box expansion ratio (default: the model set's)");
  if (flags_for == FlagsFor::kOcr) {
    AddFlag(command, "--threads", options.threads, "ONNX Runtime intra-op threads per model; 0 = all cores");
  }
  AddFlag(command, "--mode", options.mode,
          "parity: output identical to PaddleOCR; fast: recognition batched by width, no 320 px minimum");
  AddFlag(command, "--engine", options.engine,
          "auto: OpenVINO if it loads and passes its start-up check against ONNX Runtime, else ONNX Runtime; "
          "openvino; onnxruntime");
  AddFlag(command, "--precision", options.precision,
          "f32, or bf16 (OpenVINO on a CPU with native BF16: faster, slightly different text)");
  DecodeLimits& limits = options.decode_limits;
  AddFlag(command, "--max-pixels", limits.max_pixels, "Largest decoded image, in pixels per page");
  AddFlag(command, "--max-side", limits.max_side, "Longest allowed image side, in pixels");
  AddFlag(command, "--max-frames", limits.max_frames, "Most pages decoded from one TIFF");
  AddFlag(command, "--max-total-pixels", limits.max_total_pixels,
          "Decoded pixels of all pages of one file together (3 bytes each in memory)");
  AddFlag(command, "--max-jpeg-scans", limits.max_jpeg_scans, "Most scans of a progressive JPEG");
  AddFlag(command, "--max-png-chunk-bytes", limits.max_png_chunk_bytes,
          "Largest ancillary PNG chunk (text, ICC profile, ...)");
  AddFlag(command, "--max-png-chunks", limits.max_png_chunks, "Most ancillary chunks in one PNG");
}

Status ValidateEngineOptions(const EngineOptions& options) {
  std::optional<Error> error;
  const auto check = [&](std::optional<Error> found) {
    if (!error && found) error = std::move(found);
  };
  if (auto request = RequestOptions(options); !request.ok()) check(request.error());
  if (options.det_thresh) check(OutOfRange("--det-thresh", *options.det_thresh, 0.01f, 0.99f));
  if (options.det_box_thresh) check(OutOfRange("--det-box-thresh", *options.det_box_thresh, 0.01f, 0.99f));
  if (options.det_unclip_ratio) check(OutOfRange("--det-unclip-ratio", *options.det_unclip_ratio, 0.1f, 10.0f));
  check(OutOfRange("--threads", options.threads, 0, 1024));
  if (options.engine != "auto" && options.engine != "openvino" && options.engine != "onnxruntime") {
    check(MakeError(ErrorCode::kInvalidArgument,
                    FlagName("--engine") + " must be auto, openvino or onnxruntime, got '" + options.engine + "'"));
  }
  if (auto precision = ParsePrecision(options.precision); !precision.ok()) {
    check(MakeError(ErrorCode::kInvalidArgument, FlagName("--precision") + ": " + precision.error().message));
  } else if (*precision == Precision::kBf16 && options.engine == "onnxruntime") {
    check(MakeError(ErrorCode::kInvalidArgument,
                    FlagName("--precision") + " bf16 needs OpenVINO (--engine openvino or auto); ONNX Runtime runs f32"));
  }
  const DecodeLimits& limits = options.decode_limits;
  check(OutOfRange("--max-pixels", limits.max_pixels, std::int64_t{1}, std::int64_t{1} << 32));
  check(OutOfRange("--max-side", limits.max_side, 1, 1 << 20));
  check(OutOfRange("--max-frames", limits.max_frames, 1, 100000));
  check(OutOfRange("--max-total-pixels", limits.max_total_pixels, std::int64_t{1}, std::int64_t{1} << 40));
  check(OutOfRange("--max-jpeg-scans", limits.max_jpeg_scans, 1, 100000));
  check(OutOfRange("--max-png-chunk-bytes", limits.max_png_chunk_bytes, std::int64_t{1024}, std::int64_t{1} << 31));
  check(OutOfRange("--max-png-chunks", limits.max_png_chunks, 1, 1'000'000));
  if (error) return *error;
  return Status::Ok();
}

std::filesystem::path ResolveModelsDir(const EngineOptions& options) {
  if (!options.models_dir.empty()) return options.models_dir;
  const std::filesystem::path exe_dir = ExecutableDir();
  const std::array<std::filesystem::path, 3> candidates{exe_dir / "../share/onnxocr-server/models",
                                                        exe_dir / "../../models", "/opt/onnxocr/models"};
  for (const auto& candidate : candidates) {
    std::error_code error;
    if (std::filesystem::is_directory(candidate, error)) return candidate.lexically_normal();
  }
  return "/opt/onnxocr/models";
}

namespace {

void ApplyDetOverrides(const EngineOptions& options, DetParams& det) {
  if (options.det_thresh) det.thresh = *options.det_thresh;
  if (options.det_box_thresh) det.box_thresh = *options.det_box_thresh;
  if (options.det_unclip_ratio) det.unclip_ratio = *options.det_unclip_ratio;
}

Result<std::unique_ptr<ModelSet>> LoadOnEngine(const ModelManifest& manifest, EngineKind engine,
                                               const SessionConfig& session) {
  return LoadModelSet(manifest, [&](const ModelFile& file) { return LoadEngineModel(engine, file, session); });
}

std::string Names(const std::vector<ModelManifest>& sets) {
  std::string names;
  for (const auto& set : sets) names += (names.empty() ? "" : ", ") + set.name;
  return names.empty() ? "none" : names;
}

Error SetNotFound(const std::string& name, const std::filesystem::path& root, const std::vector<ModelManifest>& sets) {
  return MakeError(ErrorCode::kNotFound,
                   "model set '" + name + "' not found in " + root.string() + " (available: " + Names(sets) + ")");
}

}  // namespace

Result<std::vector<ModelManifest>> ResolveModelSets(const EngineOptions& options,
                                                    const std::vector<std::string>& names) {
  const std::filesystem::path root = ResolveModelsDir(options);
  auto sets = DiscoverModelSets(root);
  if (!sets.ok()) return sets.error();
  for (const std::string& name : names) {
    const bool exists = std::any_of(sets->begin(), sets->end(), [&](const auto& set) { return set.name == name; });
    if (!exists) return SetNotFound(name, root, *sets);
  }
  const auto wanted = [&](const std::string& name) {
    return names.empty() || name == DefaultModel(options) || std::find(names.begin(), names.end(), name) != names.end();
  };
  std::vector<ModelManifest> chosen;
  for (ModelManifest& manifest : sets.value()) {
    if (!wanted(manifest.name)) continue;
    ApplyDetOverrides(options, manifest.det_params);
    chosen.push_back(std::move(manifest));
  }
  const bool has_default =
      std::any_of(chosen.begin(), chosen.end(), [&](const auto& set) { return set.name == DefaultModel(options); });
  if (!has_default) return SetNotFound(DefaultModel(options), root, *sets);
  return chosen;
}

Result<std::unique_ptr<ModelSet>> LoadConfiguredModelSet(const EngineOptions& options, EngineKind engine,
                                                         const SessionConfig& session) {
  auto sets = ResolveModelSets(options, {DefaultModel(options)});
  if (!sets.ok()) return sets.error();
  for (const ModelManifest& manifest : sets.value()) {
    if (manifest.name == DefaultModel(options)) return LoadOnEngine(manifest, engine, session);
  }
  return MakeError(ErrorCode::kNotFound, "model set '" + DefaultModel(options) + "' not found");
}

Result<std::unique_ptr<ModelRegistry>> LoadModelRegistry(const std::vector<ModelManifest>& sets,
                                                         const std::string& default_set, EngineKind engine,
                                                         const SessionConfig& session) {
  // Each set loads on its own thread; a file that several sets name is loaded
  // once and shared by them.
  SharedModelLoader shared([engine, &session](const ModelFile& file) { return LoadEngineModel(engine, file, session); });
  auto loaded = AllAtOnce<std::unique_ptr<ModelSet>>(sets.size(), [&sets, &shared](std::size_t i) {
    return LoadModelSet(sets[i], [&shared](const ModelFile& file) { return shared.Load(file); });
  });
  if (!loaded.ok()) return loaded.error();
  return std::make_unique<ModelRegistry>(std::move(loaded).value(), default_set);
}

std::string DefaultModel(const EngineOptions& options) {
  const auto given = options.request_flags.find("model");
  if (given != options.request_flags.end() && given->second) return *given->second;
  return std::string(kDefaultModelSet);
}

Result<OcrOptions> RequestOptions(const EngineOptions& options) {
  OcrOptions request;
  for (const auto& [name, text] : options.request_flags) {
    const RequestOption* option = FindRequestOption(name);
    if (option == nullptr || !text) continue;
    if (Status applied = ApplyOptionText(*option, *text, FlagName(OptionFlag(*option)), request); !applied.ok()) {
      return applied.error();
    }
  }
  auto mode = ParseMode(options.mode);
  if (!mode.ok()) return mode.error();
  request.rec_batching = mode.value();
  return request;
}

}  // namespace onnxocr::cli

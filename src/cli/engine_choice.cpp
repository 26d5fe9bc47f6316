#include "cli/engine_choice.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>

#include "cli/flag.h"
#include "runtime/engine_check.h"
#include "runtime/model_loader.h"
#include "platform/subprocess.h"

namespace onnxocr::cli {
namespace {

ChosenEngine Chosen(EngineKind engine, Precision precision, std::unique_ptr<CompiledModelCache> compiled = nullptr) {
  return ChosenEngine{EngineChoice{engine, precision, EngineVersion(engine)}, std::move(compiled)};
}

// Runs `engine-check` in a child; an empty string when OpenVINO passed,
// otherwise why not.
std::string FailedCheck(const EngineOptions& options, const std::vector<std::string>& models,
                        const PlannedCompile& planned, const std::string& cache_dir) {
  std::vector<std::string> argv{"/proc/self/exe",
                                "engine-check",
                                "--models-dir",
                                ResolveModelsDir(options).string(),
                                "--model",
                                DefaultModel(options),
                                "--precision",
                                options.precision,
                                "--threads",
                                std::to_string(planned.threads),
                                "--concurrent-runs",
                                std::to_string(planned.concurrent_runs),
                                "--wide-threads",
                                std::to_string(planned.wide_threads)};
  if (!cache_dir.empty()) argv.insert(argv.end(), {"--cache-dir", cache_dir});
  for (const std::string& name : models) argv.insert(argv.end(), {"--check-model", name});
  if (const char* fault = std::getenv("ONNXOCR_ENGINE_CHECK_FAULT"); fault != nullptr && *fault != '\0') {
    argv.insert(argv.end(), {"--fault", fault});
  }
  SubprocessLimits limits;
  limits.timeout = std::chrono::seconds(120);
  limits.max_address_space = 0;  // OpenVINO reserves far more address space than it uses
  limits.max_cpu_seconds = 0;
  limits.max_stdout = 1 << 20;
  const auto started = std::chrono::steady_clock::now();
  auto ran = RunSubprocess(argv, limits);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!ran.ok()) return "the check could not run: " + ran.error().message;
  std::string lines = ran->stdout_data;
  while (!lines.empty() && lines.back() == '\n') lines.pop_back();
  spdlog::info("engine check ({:.2f} s): {}", seconds, lines.empty() ? "no output" : lines);
  if (ran->term_signal != 0) {
    return "the check process died of signal " + std::to_string(ran->term_signal) + " (" +
           strsignal(ran->term_signal) + ")";
  }
  if (ran->exit_code != 0) {
    std::string why = ran->stderr_text;
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return why.empty() ? "its outputs differ from ONNX Runtime's" : why;
  }
  return "";
}

}  // namespace

Result<ChosenEngine> ChooseEngine(const EngineOptions& options, const std::vector<std::string>& models,
                                  const PlannedCompile& planned) {
  auto precision = ParsePrecision(options.precision);
  if (!precision.ok()) return precision.error();
  if (options.engine == "onnxruntime") return Chosen(EngineKind::kOnnxRuntime, Precision::kF32);
  if (!OpenVinoBuilt()) {
    if (options.engine == "openvino" || *precision == Precision::kBf16) {
      return MakeError(ErrorCode::kInvalidArgument,
                       FlagName(options.engine == "openvino" ? "--engine" : "--precision") +
                           ": this binary was built without OpenVINO (-DONNXOCR_WITH_OPENVINO=OFF)");
    }
    spdlog::info("engine auto: built without OpenVINO, using ONNX Runtime");
    return Chosen(EngineKind::kOnnxRuntime, Precision::kF32);
  }
  if (*precision == Precision::kBf16 && !CpuHasNativeBf16()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     FlagName("--precision") +
                         " bf16: this CPU has no native BF16 (neither AVX512_BF16 nor AMX-BF16 in /proc/cpuinfo)");
  }
  if (options.engine == "openvino") return Chosen(EngineKind::kOpenVino, *precision);
  // Without a writable folder the run simply compiles again.
  auto cache = CompiledModelCache::Create(planned.cache_parent);
  std::unique_ptr<CompiledModelCache> compiled =
      cache.ok() ? std::make_unique<CompiledModelCache>(std::move(cache).value()) : nullptr;
  const std::string failed = FailedCheck(options, models, planned, compiled ? compiled->path() : "");
  if (failed.empty()) return Chosen(EngineKind::kOpenVino, *precision, std::move(compiled));
  spdlog::warn("engine auto: OpenVINO failed its start-up check ({}); using ONNX Runtime f32", failed);
  return Chosen(EngineKind::kOnnxRuntime, Precision::kF32);
}

void AddEngineCheckCommand(CLI::App& app, EngineCheckOptions& options) {
  CLI::App* command = app.add_subcommand("engine-check", "");  // no description: hidden from --help
  command->group("");
  command->add_option("--models-dir", options.engine.models_dir);
  command->add_option("--model", options.engine.request_flags["model"]);
  command->add_option("--precision", options.engine.precision);
  command->add_option("--threads", options.threads);
  command->add_option("--concurrent-runs", options.concurrent_runs);
  command->add_option("--wide-threads", options.wide_threads);
  command->add_option("--cache-dir", options.cache_dir);
  command->add_option("--check-model", options.models);
  command->add_option("--fault", options.fault);
}

int RunEngineCheckCommand(const EngineCheckOptions& options) {
  auto precision = ParsePrecision(options.engine.precision);
  if (!precision.ok()) {
    std::fprintf(stderr, "%s\n", precision.error().message.c_str());
    return 1;
  }
  auto sets = ResolveModelSets(options.engine, options.models);
  if (!sets.ok()) {
    std::fprintf(stderr, "%s\n", sets.error().message.c_str());
    return 1;
  }
  if (options.fault == "crash") std::raise(SIGFPE);
  const SessionConfig config{options.threads, false, options.concurrent_runs, *precision, options.cache_dir};
  const AgreementTolerance tolerance = ToleranceFor(*precision);
  // Every model is checked at once; each set's wide detector is compiled
  // beside the checks, as the server will compile it (so that it is exported too).
  std::vector<std::future<Status>> wide_compiles;
  if (options.wide_threads > 0) {
    SessionConfig wide = config;
    wide.intra_op_threads = options.wide_threads;
    wide.concurrent_runs = 1;
    for (const ModelManifest& manifest : sets.value()) {
      wide_compiles.push_back(std::async(std::launch::async, [&manifest, wide]() -> Status {
        auto detector = LoadEngineModel(EngineKind::kOpenVino, manifest.det, wide);
        return detector.ok() ? Status::Ok() : Status(detector.error());
      }));
    }
  }
  const auto agreements = CompareWithReference(sets.value(), EngineKind::kOpenVino, config);
  int exit_code = 0;
  for (auto& compiled : wide_compiles) {
    if (Status wide = compiled.get(); !wide.ok()) {
      std::fprintf(stderr, "%s\n", wide.error().message.c_str());
      exit_code = 1;
    }
  }
  if (!agreements.ok()) {
    std::fprintf(stderr, "%s\n", agreements.error().message.c_str());
    return 1;
  }
  bool differs = false;
  for (const OutputAgreement& agreement : agreements.value()) {
    std::printf("%s: max |diff| %.2g, mean %.2g (tolerance %.0e, %.0e, %s): %s\n", agreement.model.c_str(),
                agreement.max_difference, agreement.mean_difference, tolerance.max_difference,
                tolerance.mean_difference, std::string(PrecisionName(*precision)).c_str(),
                agreement.within_tolerance ? "ok" : "DIFFERS");
    differs = differs || !agreement.within_tolerance || options.fault == "differ";
  }
  if (differs) {
    std::fprintf(stderr, "outputs differ from ONNX Runtime's beyond the tolerance\n");
    exit_code = 1;
  }
  std::fflush(stdout);
  return exit_code;
}

}  // namespace onnxocr::cli

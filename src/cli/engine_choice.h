// Turns --engine and --precision into the engine a run uses, once at
// start-up, and the hidden `engine-check` subcommand that auto's check runs
// in. Stateless.
//
// --engine auto (the default) takes OpenVINO only when a child process
// (`onnxocr-server engine-check`) has compiled every model of the sets to be
// served and their outputs agree with ONNX Runtime's within the tolerance of
// engine_check.h. The child is where a crash of the CPU plugin is survivable
// (a SIGFPE inside compile_model has been reported on some EPYC CPUs): if it
// dies, fails or disagrees, the run takes ONNX Runtime and logs one warning
// saying why. --engine openvino skips the check; onnxruntime never loads
// OpenVINO.
//
// Fault injection for the tests of that fallback: ONNXOCR_ENGINE_CHECK_FAULT
// in the server's environment makes the child fail as named, "crash" (it
// raises SIGFPE before compiling, as the reported plugin bug does) or
// "differ" (it reports outputs beyond the tolerance).
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "cli/engine_options.h"
#include "core/status.h"
#include "runtime/compiled_model_cache.h"
#include "runtime/engine.h"

namespace onnxocr::cli {

// How the models will be compiled: what the check compiles too, so that the
// run imports the check's compiled models instead of compiling them again.
struct PlannedCompile {
  int threads = 1;          // the workers' models' intra-op threads (0: every core)
  int concurrent_runs = 1;  // the workers' models (SessionConfig::concurrent_runs)
  int wide_threads = 0;     // the wide detectors' threads; 0: none
  std::string cache_parent = "/tmp";  // where the compiled-model folder is made
};

struct ChosenEngine {
  EngineChoice choice;
  // The check's compiled models (OpenVINO after auto's check; else null): set
  // SessionConfig::cache_dir to its path while loading, then drop it.
  std::unique_ptr<CompiledModelCache> compiled;
};

// `options` has passed ValidateEngineOptions. `models` are the sets to be
// served (empty: all found). Errors (exit 2): bf16 on a CPU without native
// BF16, or OpenVINO asked of a build without it.
Result<ChosenEngine> ChooseEngine(const EngineOptions& options, const std::vector<std::string>& models,
                                  const PlannedCompile& planned);

struct EngineCheckOptions {
  EngineOptions engine;
  std::vector<std::string> models;
  int threads = 1;
  int concurrent_runs = 1;
  int wide_threads = 0;
  std::string cache_dir;
  std::string fault;  // "", "crash" or "differ" (see ONNXOCR_ENGINE_CHECK_FAULT)
};

// Registers the hidden subcommand the check runs in.
void AddEngineCheckCommand(CLI::App& app, EngineCheckOptions& options);

// Prints one line per model on stdout; 0 when every model agrees, 1 otherwise.
int RunEngineCheckCommand(const EngineCheckOptions& options);

}  // namespace onnxocr::cli

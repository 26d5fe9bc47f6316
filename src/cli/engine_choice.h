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

#include <string>
#include <vector>

#include "cli/engine_options.h"
#include "core/status.h"
#include "runtime/engine.h"

namespace onnxocr::cli {

// `options` has passed ValidateEngineOptions. `models` are the sets to be
// served (empty: all found); `concurrent_runs` is what each model will be
// compiled for. Errors (exit 2): bf16 on a CPU without native BF16, or
// OpenVINO asked of a build without it.
Result<EngineChoice> ChooseEngine(const EngineOptions& options, const std::vector<std::string>& models,
                                  int concurrent_runs);

struct EngineCheckOptions {
  EngineOptions engine;
  std::vector<std::string> models;
  int concurrent_runs = 1;
  std::string fault;  // "", "crash" or "differ" (see ONNXOCR_ENGINE_CHECK_FAULT)
};

// Registers the hidden subcommand the check runs in.
void AddEngineCheckCommand(CLI::App& app, EngineCheckOptions& options);

// Prints one line per model on stdout; 0 when every model agrees, 1 otherwise.
int RunEngineCheckCommand(const EngineCheckOptions& options);

}  // namespace onnxocr::cli

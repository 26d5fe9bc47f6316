// `onnxocr-server ocr FILE...`: prints, per file, the JSON the HTTP API returns.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/engine_options.h"

namespace onnxocr::cli {

struct OcrCommandOptions {
  EngineOptions engine;
  std::vector<std::string> files;
};

void AddOcrCommand(CLI::App& app, OcrCommandOptions& options);

// Returns the process exit code: 0 when every file was read, 1 otherwise.
int RunOcrCommand(const OcrCommandOptions& options);

}  // namespace onnxocr::cli

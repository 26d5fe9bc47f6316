// onnxocr-server: `ocr FILE...` prints OCR JSON for images; `serve` runs the HTTP API.
#include <CLI/CLI.hpp>

#include "cli/engine_choice.h"
#include "cli/ocr_command.h"
#include "cli/serve_command.h"
#include "runtime/engine.h"
#include "runtime/ort_env.h"

int main(int argc, char** argv) {
  CLI::App app{"onnxocr-server: PaddleOCR PP-OCR models on OpenVINO or ONNX Runtime"};
  app.set_version_flag("--version", "onnxocr-server 0.1.0 (engines: " +
                                         (onnxocr::OpenVinoBuilt()
                                              ? "openvino " + onnxocr::EngineVersion(onnxocr::EngineKind::kOpenVino) + ", "
                                              : std::string()) +
                                         "onnxruntime " + onnxocr::EngineVersion(onnxocr::EngineKind::kOnnxRuntime) +
                                         ")");
  app.require_subcommand(1);

  onnxocr::cli::OcrCommandOptions ocr_options;
  onnxocr::cli::AddOcrCommand(app, ocr_options);
  onnxocr::cli::ServeCommandOptions serve_options;
  onnxocr::cli::AddServeCommand(app, serve_options);
  onnxocr::cli::EngineCheckOptions check_options;
  onnxocr::cli::AddEngineCheckCommand(app, check_options);

  CLI11_PARSE(app, argc, argv);

  // Create the ONNX Runtime environment (quietly) before any other thread exists.
  onnxocr::OrtEnvironment();

  if (app.got_subcommand("ocr")) return onnxocr::cli::RunOcrCommand(ocr_options);
  if (app.got_subcommand("serve")) return onnxocr::cli::RunServeCommand(serve_options);
  if (app.got_subcommand("engine-check")) return onnxocr::cli::RunEngineCheckCommand(check_options);
  return 2;
}

// onnxocr-server: `ocr FILE...` prints OCR JSON for images.
#include <CLI/CLI.hpp>

#include "cli/ocr_command.h"
#include "runtime/ort_env.h"

int main(int argc, char** argv) {
  CLI::App app{"onnxocr-server: PaddleOCR PP-OCR models on ONNX Runtime"};
  app.set_version_flag("--version", "onnxocr-server 0.1.0");
  app.require_subcommand(1);

  onnxocr::cli::OcrCommandOptions ocr_options;
  onnxocr::cli::AddOcrCommand(app, ocr_options);

  CLI11_PARSE(app, argc, argv);

  // Create the ONNX Runtime environment (quietly) before any other thread exists.
  onnxocr::OrtEnvironment();

  if (app.got_subcommand("ocr")) return onnxocr::cli::RunOcrCommand(ocr_options);
  return 2;
}

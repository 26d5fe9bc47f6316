#include "cli/ocr_command.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "core/image_decode.h"
#include "core/pipeline.h"
#include "core/json_text.h"
#include "server/ocr_response.h"
#include "cli/engine_choice.h"
#include "cli/exit_code.h"

namespace onnxocr::cli {
namespace {

Result<std::vector<std::uint8_t>> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "cannot open file");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return MakeError(ErrorCode::kCorruptInput, "read error");
  return bytes;
}

// Decodes and recognises every page of one file; returns the response JSON.
Result<std::string> OcrFile(const ModelSet& models, const DecodeLimits& limits, const OcrOptions& request,
                            const std::string& path) {
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) return bytes.error();
  const auto start = std::chrono::steady_clock::now();
  auto pages = DecodeImage(bytes.value(), limits);
  if (!pages.ok()) return pages.error();

  std::vector<OcrResult> results;
  for (const cv::Mat& page : pages.value()) {
    auto result = RunOcr(models, page, request);
    if (!result.ok()) return result.error();
    results.push_back(std::move(result).value());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (results.size() == 1) return server::RenderOcrResponse(seconds, results.front());
  return server::RenderOcrResponsePages(seconds, results);
}

}  // namespace

void AddOcrCommand(CLI::App& app, OcrCommandOptions& options) {
  CLI::App* command =
      app.add_subcommand("ocr", "Recognise text in image files and print the API's JSON, one line per file");
  AddEngineOptions(*command, options.engine, FlagsFor::kOcr);
  command->add_option("files", options.files, "Image files (JPEG, PNG, WebP, BMP, TIFF)")->required();
}

int RunOcrCommand(const OcrCommandOptions& options) {
  // stdout carries only the JSON; diagnostics (an engine fallback) go to stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("ocr"));
  spdlog::set_level(spdlog::level::warn);
  if (Status valid = ValidateEngineOptions(options.engine); !valid.ok()) {
    std::cerr << "onnxocr-server: " << valid.error().message << '\n';
    return 2;
  }
  PlannedCompile planned;
  planned.threads = options.engine.threads;
  planned.cache_parent = std::filesystem::temp_directory_path().string();
  auto chosen = ChooseEngine(options.engine, {DefaultModel(options.engine)}, planned);
  if (!chosen.ok()) {
    std::cerr << "onnxocr-server: " << chosen.error().message << '\n';
    return ExitCodeFor(chosen.error());
  }
  const EngineChoice& choice = chosen->choice;
  // The check compiled with these settings, so its compiled models are imported.
  auto models = LoadConfiguredModelSet(
      options.engine, choice.engine,
      SessionConfig{options.engine.threads, false, 1, choice.precision,
                    chosen->compiled ? chosen->compiled->path() : ""});
  chosen->compiled.reset();
  if (!models.ok()) {
    std::cerr << "onnxocr-server: " << models.error().message << '\n';
    return ExitCodeFor(models.error());
  }
  const OcrOptions request = RequestOptions(options.engine).value();  // ValidateEngineOptions checked it
  int exit_code = 0;
  for (const std::string& path : options.files) {
    auto json = OcrFile(*models.value(), options.engine.decode_limits, request, path);
    if (!json.ok()) {
      std::cerr << "onnxocr-server: " << path << ": " << json.error().message << " ("
                << ErrorCodeName(json.error().code) << ")\n";
      exit_code = 1;
      continue;
    }
    std::cout << json.value() << '\n';
  }
  std::cout.flush();
  return exit_code;
}

}  // namespace onnxocr::cli

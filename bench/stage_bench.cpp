// Stage benchmark: runs the pipeline over a folder of images and prints, as
// markdown tables, the mean time per stage, images/s for a few thread
// layouts, the start-up time to the first result, and peak RSS.
//
//   stage_bench [--models-dir DIR] [--model NAME] [--images DIR] [--rounds N] [--mode parity|fast]
//               [--engine onnxruntime|openvino] [--precision f32|bf16]
#include <sys/resource.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/image_decode.h"
#include "core/models/model_manifest.h"
#include "core/pipeline.h"
#include "runtime/engine.h"
#include "runtime/model_loader.h"
#include "runtime/ort_env.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct EncodedImage {
  std::string name;
  std::vector<std::uint8_t> bytes;
};

std::vector<EncodedImage> ReadImages(const std::filesystem::path& folder) {
  std::vector<EncodedImage> images;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const auto extension = entry.path().extension().string();
    if (extension != ".png" && extension != ".jpg" && extension != ".jpeg" && extension != ".webp" &&
        extension != ".bmp" && extension != ".tif" && extension != ".tiff") {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    images.push_back({entry.path().filename().string(), std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)),
                                                                                  std::istreambuf_iterator<char>())});
  }
  std::sort(images.begin(), images.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return images;
}

struct EngineSetting {
  onnxocr::EngineKind engine = onnxocr::EngineKind::kOnnxRuntime;
  onnxocr::Precision precision = onnxocr::Precision::kF32;
};

// `concurrent_runs`: the workers that share the models (OpenVINO streams).
std::unique_ptr<onnxocr::ModelSet> Load(const std::filesystem::path& manifest, const EngineSetting& setting,
                                        int intra_op_threads, int concurrent_runs) {
  auto parsed = onnxocr::LoadModelManifest(manifest);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
    return nullptr;
  }
  auto models = onnxocr::LoadModelSet(*parsed, [&](const onnxocr::ModelFile& file) {
    return onnxocr::LoadEngineModel(setting.engine, file,
                                    onnxocr::SessionConfig{.intra_op_threads = intra_op_threads,
                                                           .concurrent_runs = concurrent_runs,
                                                           .precision = setting.precision});
  });
  if (!models.ok()) {
    std::fprintf(stderr, "%s\n", models.error().message.c_str());
    return nullptr;
  }
  return std::move(models).value();
}

struct Totals {
  double decode = 0;
  onnxocr::StageTimings stages;
  std::size_t images = 0;
  std::size_t lines = 0;
};

// One worker's loop: every image `rounds` times.
bool RunImages(const onnxocr::ModelSet& models, const std::vector<EncodedImage>& images, int rounds,
               const onnxocr::OcrOptions& options, Totals& totals) {
  for (int round = 0; round < rounds; ++round) {
    for (const auto& image : images) {
      const auto start = Clock::now();
      auto pages = onnxocr::DecodeImage(image.bytes, onnxocr::DecodeLimits{});
      if (!pages.ok()) {
        std::fprintf(stderr, "%s: %s\n", image.name.c_str(), pages.error().message.c_str());
        return false;
      }
      totals.decode += Seconds(start);
      for (const auto& page : *pages) {
        auto result = onnxocr::RunOcr(models, page, options);
        if (!result.ok()) {
          std::fprintf(stderr, "%s: %s\n", image.name.c_str(), result.error().message.c_str());
          return false;
        }
        totals.stages += result->timings;
        totals.lines += result->lines.size();
      }
      ++totals.images;
    }
  }
  return true;
}

struct Layout {
  const char* label;
  int workers;
  int intra_op_threads;
};

}  // namespace

int main(int argc, char** argv) {
  const auto process_start = Clock::now();
  CLI::App app{"PP-OCR stage benchmark"};
  std::string models_dir = "models";
  std::string model = "ppocrv5-mobile";
  std::string images_dir = "tests/data/images";
  int rounds = 3;
  app.add_option("--models-dir", models_dir, "Folder of model sets")->capture_default_str();
  app.add_option("--model", model, "Model set name")->capture_default_str();
  app.add_option("--images", images_dir, "Folder of images")->capture_default_str();
  app.add_option("--rounds", rounds, "Passes over the images per layout")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  std::string mode = "parity";
  app.add_option("--mode", mode, "parity (reference recognition batches) or fast (width budget)")
      ->check(CLI::IsMember({"parity", "fast"}))
      ->capture_default_str();
  std::string engine = "onnxruntime";
  app.add_option("--engine", engine, "onnxruntime or openvino")
      ->check(CLI::IsMember({"onnxruntime", "openvino"}))
      ->capture_default_str();
  std::string precision = "f32";
  app.add_option("--precision", precision, "f32 or bf16 (openvino only)")
      ->check(CLI::IsMember({"f32", "bf16"}))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  const EngineSetting setting{engine == "openvino" ? onnxocr::EngineKind::kOpenVino : onnxocr::EngineKind::kOnnxRuntime,
                              precision == "bf16" ? onnxocr::Precision::kBf16 : onnxocr::Precision::kF32};
  onnxocr::OcrOptions options;
  options.rec_batching = mode == "fast" ? onnxocr::RecBatching::kWidthBudget : onnxocr::RecBatching::kReference;

  onnxocr::OrtEnvironment();
  const auto images = ReadImages(images_dir);
  if (images.empty()) {
    std::fprintf(stderr, "no images in %s\n", images_dir.c_str());
    return 1;
  }
  const std::filesystem::path manifest = std::filesystem::path(models_dir) / model / "manifest.json";

  // Start-up: models loaded and the first image recognised, from main().
  auto first_models = Load(manifest, setting, 1, 1);
  if (!first_models) return 1;
  const double load_seconds = Seconds(process_start);
  Totals first;
  if (!RunImages(*first_models, {images.front()}, 1, options, first)) return 1;
  const double first_result_seconds = Seconds(process_start);
  first_models.reset();

  std::printf("## Stage benchmark: %s, %s mode, %s %s %s, %zu images x %d rounds\n\n", model.c_str(), mode.c_str(),
              engine.c_str(), onnxocr::EngineVersion(setting.engine).c_str(), precision.c_str(), images.size(), rounds);
  std::printf("Start-up: models loaded in %.3f s, first result (%s) after %.3f s.\n\n", load_seconds,
              images.front().name.c_str(), first_result_seconds);

  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::vector<Layout> layouts{
      {"1 worker x 1 thread", 1, 1}, {"1 worker x 2 threads", 1, 2}, {"2 workers x 1 thread", 2, 1}};
  if (cores > 2) layouts.push_back({"1 worker x all cores", 1, static_cast<int>(cores)});

  std::printf(
      "| layout | images/s | lines | decode | det pre | det infer | det post | crop | cls | rec pre | rec infer | "
      "rec post | ms/image |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  const auto print_row = [](const std::string& label, const Totals& sum, double wall) {
    const double n = static_cast<double>(sum.images);
    const auto ms = [&](double seconds) { return 1000.0 * seconds / n; };
    const auto& s = sum.stages;
    std::printf("| %s | %.2f | %zu | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n",
                label.c_str(), n / wall, sum.lines / sum.images, ms(sum.decode), ms(s.det_preprocess),
                ms(s.det_inference), ms(s.det_postprocess), ms(s.crop), ms(s.cls), ms(s.rec_preprocess),
                ms(s.rec_inference), ms(s.rec_postprocess), ms(sum.decode + s.Total()));
  };
  for (const Layout& layout : layouts) {
    auto models = Load(manifest, setting, layout.intra_op_threads, layout.workers);
    if (!models) return 1;
    // The first pass meets every input shape for the first time: what a
    // stream of fresh images costs an engine that compiles per shape.
    Totals first_pass;
    const auto first_start = Clock::now();
    if (!RunImages(*models, images, 1, options, first_pass)) return 1;
    if (layout.workers == 1) print_row(std::string(layout.label) + ", first pass", first_pass, Seconds(first_start));

    std::vector<Totals> totals(static_cast<std::size_t>(layout.workers));
    std::vector<std::thread> workers;
    std::vector<char> ok(totals.size(), 1);
    const auto start = Clock::now();
    for (std::size_t w = 0; w < totals.size(); ++w) {
      workers.emplace_back([&, w] { ok[w] = RunImages(*models, images, rounds, options, totals[w]) ? 1 : 0; });
    }
    for (auto& worker : workers) worker.join();
    const double wall = Seconds(start);
    if (std::find(ok.begin(), ok.end(), 0) != ok.end()) return 1;

    Totals sum;
    for (const Totals& t : totals) {
      sum.decode += t.decode;
      sum.stages += t.stages;
      sum.images += t.images;
      sum.lines += t.lines;
    }
    print_row(layout.label, sum, wall);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "\nStage columns are mean milliseconds per image (summed over workers); images/s is wall-clock. A first pass "
      "runs on freshly loaded models, so every input shape is new to the engine; the other rows repeat known shapes.\n");
  std::printf("Peak RSS: %.1f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}

// Both engines behind the one model interface: the same contract for each
// (shapes, errors as values, concurrent runs), the OpenVINO compile options,
// and the start-up self-check against ONNX Runtime.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/models/model_manifest.h"
#include "runtime/compiled_model_cache.h"
#include "runtime/engine.h"
#include "runtime/engine_check.h"
#include "runtime/model_loader.h"
#include "runtime/synthetic_input.h"
#ifdef ONNXOCR_WITH_OPENVINO
#include <openvino/runtime/properties.hpp>

#include "runtime/compile_options.h"
#endif

namespace onnxocr {
namespace {

const std::filesystem::path kModels = ONNXOCR_MODELS_DIR;

ModelFile File(const std::string& name) { return ModelFile{kModels / "ppocrv5-mobile" / name, ""}; }

std::vector<EngineKind> BuiltEngines() {
  std::vector<EngineKind> engines{EngineKind::kOnnxRuntime};
  if (OpenVinoBuilt()) engines.push_back(EngineKind::kOpenVino);
  return engines;
}

class EngineModelTest : public testing::TestWithParam<EngineKind> {};

TEST_P(EngineModelTest, DetectorMapsAnImageToAProbabilityMapOfTheSameSize) {
  auto model = LoadEngineModel(GetParam(), File("det.onnx"), SessionConfig{});
  ASSERT_TRUE(model.ok()) << model.error().message;
  const SyntheticInput input(1, 160, 320);
  std::vector<std::int64_t> output_shape;
  float lowest = 2.0f, highest = -1.0f;
  Status ran = model.value()->Run(input.view(), [&](const TensorView& output) {
    output_shape.assign(output.shape.begin(), output.shape.end());
    for (const float p : output.data) {
      lowest = std::min(lowest, p);
      highest = std::max(highest, p);
    }
    return Status::Ok();
  });
  ASSERT_TRUE(ran.ok()) << ran.error().message;
  EXPECT_EQ(output_shape, (std::vector<std::int64_t>{1, 1, 160, 320}));
  EXPECT_GE(lowest, 0.0f);
  EXPECT_LE(highest, 1.0f);
  EXPECT_GT(highest, 0.5f) << "the synthetic text lines should light up the probability map";
}

TEST_P(EngineModelTest, ConsumerErrorsPropagate) {
  auto model = LoadEngineModel(GetParam(), File("cls.onnx"), SessionConfig{});
  ASSERT_TRUE(model.ok()) << model.error().message;
  const SyntheticInput input(1, 48, 192);
  Status ran = model.value()->Run(input.view(), [](const TensorView& output) -> Status {
    EXPECT_EQ(output.shape.size(), 2u);
    return MakeError(ErrorCode::kInternal, "consumer says no");
  });
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().message, "consumer says no");
}

TEST_P(EngineModelTest, WrongInputShapeIsAnErrorValue) {
  auto model = LoadEngineModel(GetParam(), File("cls.onnx"), SessionConfig{});
  ASSERT_TRUE(model.ok());
  const std::vector<float> input(5, 0.0f);
  const std::vector<std::int64_t> shape{1, 5};
  Status ran = model.value()->Run(TensorView{input, shape}, [](const TensorView&) { return Status::Ok(); });
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().code, ErrorCode::kInternal);
  // The model still works after a failed run (its infer request went back to the pool intact).
  const SyntheticInput good(1, 48, 192);
  EXPECT_TRUE(model.value()->Run(good.view(), [](const TensorView&) { return Status::Ok(); }).ok());
}

TEST_P(EngineModelTest, MissingAndGarbageFilesAreModelErrors) {
  auto missing = LoadEngineModel(GetParam(), ModelFile{"/nonexistent/det.onnx", ""}, SessionConfig{});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kModelError);

  const auto garbage = std::filesystem::temp_directory_path() / "onnxocr_engine_garbage.onnx";
  std::ofstream(garbage) << "this is not an onnx model";
  auto loaded = LoadEngineModel(GetParam(), ModelFile{garbage, ""}, SessionConfig{});
  std::filesystem::remove(garbage);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kModelError);
  EXPECT_NE(loaded.error().message.find("onnxocr_engine_garbage.onnx"), std::string::npos);
}

// Many threads share one model (OpenVINO: more callers than streams, so the
// request pool and the streams are both exercised); every run gives the
// single-threaded answer, bit for bit.
TEST_P(EngineModelTest, ConcurrentRunsOnOneModelGiveTheSameOutput) {
  auto model = LoadEngineModel(GetParam(), File("rec.onnx"), SessionConfig{.concurrent_runs = 2});
  ASSERT_TRUE(model.ok()) << model.error().message;
  const SyntheticInput input(2, 48, 320);
  const auto run = [&](std::vector<float>& out) {
    return model.value()->Run(input.view(), [&](const TensorView& output) {
      out.assign(output.data.begin(), output.data.end());
      return Status::Ok();
    });
  };
  std::vector<float> expected;
  ASSERT_TRUE(run(expected).ok());
  constexpr int kThreads = 6;
  std::vector<std::vector<float>> outputs(kThreads);
  std::vector<Status> statuses(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int repeat = 0; repeat < 3 && statuses[i].ok(); ++repeat) statuses[i] = run(outputs[i]);
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].error().message;
    EXPECT_EQ(outputs[i], expected) << "thread " << i;
  }
}

std::string EngineParamName(const testing::TestParamInfo<EngineKind>& param) {
  return std::string(EngineName(param.param));
}

INSTANTIATE_TEST_SUITE_P(Engines, EngineModelTest, testing::ValuesIn(BuiltEngines()), EngineParamName);

TEST(EngineTest, NamesAndPrecisionWords) {
  EXPECT_EQ(EngineName(EngineKind::kOpenVino), "openvino");
  EXPECT_EQ(EngineName(EngineKind::kOnnxRuntime), "onnxruntime");
  EXPECT_EQ(ParsePrecision("f32").value(), Precision::kF32);
  EXPECT_EQ(ParsePrecision("bf16").value(), Precision::kBf16);
  auto refused = ParsePrecision("fp16");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("f32 or bf16"), std::string::npos);
  EXPECT_FALSE(EngineVersion(EngineKind::kOnnxRuntime).empty());
  const EngineChoice choice{EngineKind::kOnnxRuntime, Precision::kF32, "1.2.3"};
  EXPECT_EQ(choice.Describe(), "onnxruntime 1.2.3 f32");
}

TEST(EngineTest, SyntheticInputIsTextLikeAndDeterministic) {
  const SyntheticInput a(2, 48, 160), b(2, 48, 160);
  const TensorView view = a.view();
  ASSERT_EQ(view.data.size(), 2u * 3 * 48 * 160);
  EXPECT_TRUE(std::equal(view.data.begin(), view.data.end(), b.view().data.begin()));
  const auto ink = std::count(view.data.begin(), view.data.end(), -1.0f);
  const auto paper = std::count(view.data.begin(), view.data.end(), 1.0f);
  EXPECT_EQ(ink + paper, static_cast<long>(view.data.size()));
  EXPECT_GT(ink, 0);
  EXPECT_GT(paper, ink);
}

TEST(EngineCheckTest, TolerancesArePerPrecision) {
  EXPECT_DOUBLE_EQ(ToleranceFor(Precision::kF32).max_difference, 1e-3);
  EXPECT_DOUBLE_EQ(ToleranceFor(Precision::kF32).mean_difference, 1e-4);
  EXPECT_DOUBLE_EQ(ToleranceFor(Precision::kBf16).max_difference, 1.0);
  EXPECT_DOUBLE_EQ(ToleranceFor(Precision::kBf16).mean_difference, 2e-2);
}

// ONNX Runtime against itself agrees exactly: the check's own arithmetic.
TEST(EngineCheckTest, ReferenceAgreesWithItself) {
  auto manifest = LoadModelManifest(kModels / "ppocrv5-mobile" / "manifest.json");
  ASSERT_TRUE(manifest.ok());
  auto agreements = CompareWithReference({*manifest}, EngineKind::kOnnxRuntime, SessionConfig{});
  ASSERT_TRUE(agreements.ok()) << agreements.error().message;
  ASSERT_EQ(agreements->size(), 4u);  // det, rec, cls, doc_ori
  for (const OutputAgreement& agreement : *agreements) {
    EXPECT_TRUE(agreement.within_tolerance) << agreement.model;
    EXPECT_EQ(agreement.max_difference, 0.0) << agreement.model;
  }
  EXPECT_EQ((*agreements)[0].model, "ppocrv5-mobile det");
}

// ppocrv6-tiny reuses ppocrv5-mobile's classifiers' files: each is checked once.
TEST(EngineCheckTest, AFileSharedBySetsIsCheckedOnce) {
  auto v5 = LoadModelManifest(kModels / "ppocrv5-mobile" / "manifest.json");
  auto v6 = LoadModelManifest(kModels / "ppocrv6-tiny" / "manifest.json");
  ASSERT_TRUE(v5.ok() && v6.ok());
  ASSERT_TRUE(v6->cls.has_value());
  ASSERT_EQ(v5->cls->sha256, v6->cls->sha256);
  auto agreements = CompareWithReference({*v5, *v6}, EngineKind::kOnnxRuntime, SessionConfig{});
  ASSERT_TRUE(agreements.ok()) << agreements.error().message;
  std::vector<std::string> labels;
  for (const OutputAgreement& agreement : *agreements) labels.push_back(agreement.model);
  EXPECT_EQ(labels, (std::vector<std::string>{"ppocrv5-mobile det", "ppocrv5-mobile rec", "ppocrv5-mobile cls",
                                              "ppocrv5-mobile doc_ori", "ppocrv6-tiny det", "ppocrv6-tiny rec"}));
}

TEST(EngineCheckTest, MissingModelFileIsAnError) {
  auto manifest = LoadModelManifest(kModels / "ppocrv5-mobile" / "manifest.json");
  ASSERT_TRUE(manifest.ok());
  manifest->rec.path = "/nonexistent/rec.onnx";
  auto agreements = CompareWithReference({*manifest}, EngineKind::kOnnxRuntime, SessionConfig{});
  ASSERT_FALSE(agreements.ok());
  EXPECT_EQ(agreements.error().code, ErrorCode::kModelError);
}

#ifdef ONNXOCR_WITH_OPENVINO
TEST(EngineCheckTest, OpenVinoF32PassesAndBf16IsWithinItsTolerance) {
  auto manifest = LoadModelManifest(kModels / "ppocrv5-mobile" / "manifest.json");
  ASSERT_TRUE(manifest.ok());
  auto f32 = CompareWithReference({*manifest}, EngineKind::kOpenVino, SessionConfig{.concurrent_runs = 2});
  ASSERT_TRUE(f32.ok()) << f32.error().message;
  for (const OutputAgreement& agreement : *f32) {
    EXPECT_TRUE(agreement.within_tolerance) << agreement.model << " max " << agreement.max_difference;
    EXPECT_LT(agreement.max_difference, 1e-3) << agreement.model;
  }
  if (!CpuHasNativeBf16()) GTEST_SKIP() << "no native BF16 on this CPU";
  auto bf16 = CompareWithReference({*manifest}, EngineKind::kOpenVino, SessionConfig{.precision = Precision::kBf16});
  ASSERT_TRUE(bf16.ok()) << bf16.error().message;
  bool differs_from_f32 = false;
  for (const OutputAgreement& agreement : *bf16) {
    EXPECT_TRUE(agreement.within_tolerance) << agreement.model << " max " << agreement.max_difference;
    differs_from_f32 = differs_from_f32 || agreement.max_difference > 1e-3;
  }
  EXPECT_TRUE(differs_from_f32) << "bf16 was asked for but the outputs are f32's: the precision did not apply";
}

TEST(CompileOptionsTest, StreamsThreadsPinningAndPrecisionAreAlwaysStated) {
  const ov::AnyMap options = BuildCompileOptions(SessionConfig{.intra_op_threads = 2, .concurrent_runs = 4, .precision = Precision::kBf16});
  EXPECT_EQ(options.at(ov::num_streams.name()).as<ov::streams::Num>().num, 4);
  EXPECT_EQ(options.at(ov::inference_num_threads.name()).as<int>(), 8);
  EXPECT_FALSE(options.at(ov::hint::enable_cpu_pinning.name()).as<bool>());
  EXPECT_EQ(options.at(ov::hint::inference_precision.name()).as<ov::element::Type>(), ov::element::bf16);

  const ov::AnyMap all_cores = BuildCompileOptions(SessionConfig{.intra_op_threads = 0});
  EXPECT_EQ(all_cores.count(ov::inference_num_threads.name()), 0u);
  EXPECT_EQ(all_cores.at(ov::hint::inference_precision.name()).as<ov::element::Type>(), ov::element::f32);
}
#endif

}  // namespace
}  // namespace onnxocr

namespace onnxocr {
namespace {

TEST(CompiledModelCacheTest, PrivateFolderRemovedWithItsContents) {
  std::string path;
  {
    auto cache = CompiledModelCache::Create(std::filesystem::temp_directory_path().string());
    ASSERT_TRUE(cache.ok()) << cache.error().message;
    path = cache->path();
    EXPECT_NE(path.find("onnxocr-openvino-"), std::string::npos);
    const auto permissions = std::filesystem::status(path).permissions();
    EXPECT_EQ(permissions & std::filesystem::perms::all, std::filesystem::perms::owner_all);
    std::ofstream(std::filesystem::path(path) / "model.blob") << "compiled";
    CompiledModelCache moved = std::move(cache).value();
    EXPECT_EQ(moved.path(), path);
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(path) / "model.blob"));
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  auto refused = CompiledModelCache::Create("/nonexistent/parent");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace onnxocr

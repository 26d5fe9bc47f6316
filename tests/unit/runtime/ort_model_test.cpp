// ONNX Runtime seam: the quiet Env, loading real models, and load errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/model_set.h"
#include "core/models/model_manifest.h"
#include "runtime/ort_env.h"
#include "runtime/ort_model.h"

namespace onnxocr {
namespace {

const std::filesystem::path kModels = ONNXOCR_MODELS_DIR;

ModelFile File(const std::string& name) {
  return ModelFile{kModels / "ppocrv5-mobile" / name, ""};
}

TEST(OrtModelTest, DetectorMapsAnImageToAProbabilityMapOfTheSameSize) {
  auto model = LoadOrtModel(File("det.onnx"), SessionConfig{});
  ASSERT_TRUE(model.ok()) << model.error().message;
  const std::vector<float> input(3 * 64 * 96, 0.5f);
  const std::vector<std::int64_t> shape{1, 3, 64, 96};
  std::vector<std::int64_t> output_shape;
  float max_probability = -1.0f;
  Status ran = model.value()->Run(TensorView{input, shape}, [&](const TensorView& output) {
    output_shape.assign(output.shape.begin(), output.shape.end());
    for (const float p : output.data) max_probability = std::max(max_probability, p);
    return Status::Ok();
  });
  ASSERT_TRUE(ran.ok()) << ran.error().message;
  EXPECT_EQ(output_shape, (std::vector<std::int64_t>{1, 1, 64, 96}));
  EXPECT_GE(max_probability, 0.0f);
  EXPECT_LE(max_probability, 1.0f);
}

TEST(OrtModelTest, ConsumerErrorsPropagate) {
  auto model = LoadOrtModel(File("cls.onnx"), SessionConfig{});
  ASSERT_TRUE(model.ok()) << model.error().message;
  const std::vector<float> input(3 * 48 * 192, 0.0f);
  const std::vector<std::int64_t> shape{1, 3, 48, 192};
  Status ran = model.value()->Run(TensorView{input, shape}, [](const TensorView& output) -> Status {
    EXPECT_EQ(output.shape.size(), 2u);
    return MakeError(ErrorCode::kInternal, "consumer says no");
  });
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().message, "consumer says no");
}

TEST(OrtModelTest, WrongInputShapeIsAnErrorValue) {
  auto model = LoadOrtModel(File("cls.onnx"), SessionConfig{});
  ASSERT_TRUE(model.ok());
  const std::vector<float> input(5, 0.0f);
  const std::vector<std::int64_t> shape{1, 5};
  Status ran = model.value()->Run(TensorView{input, shape}, [](const TensorView&) { return Status::Ok(); });
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().code, ErrorCode::kInternal);
}

TEST(OrtModelTest, MissingAndGarbageFilesAreModelErrors) {
  auto missing = LoadOrtModel(ModelFile{"/nonexistent/det.onnx", ""}, SessionConfig{});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kModelError);

  const auto garbage = std::filesystem::temp_directory_path() / "onnxocr_garbage_model.onnx";
  std::ofstream(garbage) << "this is not an onnx model";
  auto loaded = LoadOrtModel(ModelFile{garbage, ""}, SessionConfig{});
  std::filesystem::remove(garbage);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kModelError);
  EXPECT_NE(loaded.error().message.find("onnxocr_garbage_model.onnx"), std::string::npos);
}

TEST(LoadModelSetTest, LoadsTheCommittedSetAndChecksTheDictionary) {
  auto manifest = LoadModelManifest(kModels / "ppocrv5-mobile" / "manifest.json");
  ASSERT_TRUE(manifest.ok()) << manifest.error().message;
  const auto loader = [](const ModelFile& file) { return LoadOrtModel(file, SessionConfig{}); };
  auto models = LoadModelSet(*manifest, loader);
  ASSERT_TRUE(models.ok()) << models.error().message;
  EXPECT_EQ(models.value()->characters().size(), 18385u);
  EXPECT_NE(models.value()->cls(), nullptr);

  // A dictionary that does not match the recogniser's classes is refused at load.
  ModelManifest no_space = *manifest;
  no_space.rec_params.use_space_char = false;
  auto refused = LoadModelSet(no_space, loader);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kModelError);
  EXPECT_NE(refused.error().message.find("18385"), std::string::npos);
}

TEST(LoadModelSetTest, WrongChecksumIsRefusedBeforeLoading) {
  auto manifest = LoadModelManifest(kModels / "ppocrv5-mobile" / "manifest.json");
  ASSERT_TRUE(manifest.ok());
  manifest->det.sha256 = std::string(64, '0');
  bool loader_called = false;
  auto models = LoadModelSet(*manifest, [&](const ModelFile& file) {
    loader_called = true;
    return LoadOrtModel(file, SessionConfig{});
  });
  ASSERT_FALSE(models.ok());
  EXPECT_EQ(models.error().code, ErrorCode::kModelError);
  EXPECT_NE(models.error().message.find("sha256"), std::string::npos);
  EXPECT_FALSE(loader_called);
}

}  // namespace
}  // namespace onnxocr

// The Env and the first session are created with stderr captured, to prove
// that Debian's "Schema error" registration noise never reaches the user.
int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  testing::internal::CaptureStderr();
  onnxocr::OrtEnvironment();
  const auto first = onnxocr::LoadOrtModel(
      onnxocr::ModelFile{std::filesystem::path(ONNXOCR_MODELS_DIR) / "ppocrv5-mobile" / "cls.onnx", ""},
      onnxocr::SessionConfig{});
  const std::string noise = testing::internal::GetCapturedStderr();
  if (!first.ok()) {
    std::fprintf(stdout, "cannot load cls.onnx: %s\n", first.error().message.c_str());
    return 1;
  }
  if (!noise.empty()) {
    std::fprintf(stdout, "ORT Env creation wrote %zu bytes to stderr:\n%.500s\n", noise.size(), noise.c_str());
    return 1;
  }
  return RUN_ALL_TESTS();
}

// ONNX Runtime seam: the quiet Env and loading a real model set.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/model_set.h"
#include "core/models/model_manifest.h"
#include "runtime/ort_env.h"
#include "runtime/ort_model.h"

namespace onnxocr {
namespace {

const std::filesystem::path kModels = ONNXOCR_MODELS_DIR;

// The model contract (shapes, errors as values, concurrent runs) is tested on
// both engines in engine_test.cpp.

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

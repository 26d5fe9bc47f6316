// Parity with the Python reference on the committed test images, and CER on
// the rendered pages. Prints a per-image table; see tests/data/golden/README.md.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/image_decode.h"
#include "core/models/model_manifest.h"
#include "core/pipeline.h"
#include "../unit/runtime/body_job.h"
#include "parity_compare.h"
#include "runtime/node_pool.h"
#include "runtime/model_loader.h"
#include "runtime/thread_affinity.h"

namespace onnxocr::parity {
namespace {

const std::filesystem::path kModels = ONNXOCR_MODELS_DIR;
const std::filesystem::path kData = ONNXOCR_TEST_DATA_DIR;

std::vector<std::uint8_t> ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::unique_ptr<ModelSet> LoadSet(const std::string& name, EngineKind engine = EngineKind::kOnnxRuntime) {
  auto manifest = LoadModelManifest(kModels / name / "manifest.json");
  if (!manifest.ok()) {
    ADD_FAILURE() << manifest.error().message;
    return nullptr;
  }
  auto models = LoadModelSet(
      *manifest, [&](const ModelFile& file) { return LoadEngineModel(engine, file, SessionConfig{.intra_op_threads = 2, .concurrent_runs = 4}); });
  if (!models.ok()) {
    ADD_FAILURE() << models.error().message;
    return nullptr;
  }
  return std::move(models).value();
}

std::vector<TextLine> ParseGolden(const std::filesystem::path& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.load(path.string());
  std::vector<TextLine> lines;
  for (simdjson::dom::element item : root["results"].get_array()) {
    TextLine line;
    line.text = std::string(std::string_view(item["text"]));
    line.confidence = static_cast<float>(double(item["confidence"]));
    std::size_t k = 0;
    for (simdjson::dom::element corner : item["bounding_box"].get_array()) {
      line.box[k].x = static_cast<float>(double(corner.at(0)));
      line.box[k].y = static_cast<float>(double(corner.at(1)));
      ++k;
    }
    lines.push_back(line);
  }
  return lines;
}

std::filesystem::path ImageFor(const std::string& stem) {
  for (const char* extension : {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"}) {
    const auto candidate = kData / "images" / (stem + extension);
    if (std::filesystem::exists(candidate)) return candidate;
  }
  return {};
}

Result<std::vector<TextLine>> RecognizeFile(const ModelSet& models, const std::filesystem::path& path,
                                            const OcrOptions& options = {}) {
  auto pages = DecodeImage(ReadBytes(path), DecodeLimits{});
  if (!pages.ok()) return pages.error();
  auto result = RunOcr(models, pages->front(), options);
  if (!result.ok()) return result.error();
  return std::move(result->lines);
}

// Every test runs on each engine the build has; the goldens are the same.
class ParityTest : public testing::TestWithParam<EngineKind> {
 protected:
  void SetUp() override {
    auto& loaded = sets_[GetParam()];
    if (!loaded) loaded = LoadSet("ppocrv5-mobile", GetParam());
    models_ = loaded.get();
  }
  static void TearDownTestSuite() { sets_.clear(); }
  const ModelSet* models_ = nullptr;
  static std::map<EngineKind, std::unique_ptr<ModelSet>> sets_;
};
std::map<EngineKind, std::unique_ptr<ModelSet>> ParityTest::sets_;

TEST_P(ParityTest, AgreesWithThePythonReference) {
  ASSERT_NE(models_, nullptr);
  constexpr float kMaxCornerPixels = 2.0f;
  constexpr float kMaxConfidenceDelta = 0.01f;
  std::size_t total = 0, same_text = 0, agreeing = 0, images = 0;
  std::printf("%-22s %6s %6s %6s %6s %9s %9s\n", "image", "golden", "ours", "text=", "agree", "max_px", "max_dconf");
  for (const auto& entry : std::filesystem::directory_iterator(kData / "golden")) {
    if (entry.path().extension() != ".json") continue;
    const std::string stem = entry.path().stem().string();
    const auto image = ImageFor(stem);
    ASSERT_FALSE(image.empty()) << "no image for golden " << stem;
    const auto golden = ParseGolden(entry.path());
    auto ours = RecognizeFile(*models_, image);
    ASSERT_TRUE(ours.ok()) << stem << ": " << ours.error().message;
    ++images;

    std::size_t image_same = 0, image_agree = 0;
    float max_px = 0, max_dconf = 0;
    const auto pairs = PairLines(golden, *ours, 20.0f);
    for (const LinePair& pair : pairs) {
      ++total;
      if (pair.golden < 0 || pair.ours < 0) {
        std::printf("  %s: unpaired %s line: \"%s\"\n", stem.c_str(), pair.golden < 0 ? "extra" : "missed",
                    (pair.golden < 0 ? (*ours)[pair.ours].text : golden[pair.golden].text).c_str());
        continue;
      }
      const TextLine& g = golden[pair.golden];
      const TextLine& o = (*ours)[pair.ours];
      const float dconf = std::abs(g.confidence - o.confidence);
      max_px = std::max(max_px, pair.max_corner_distance);
      max_dconf = std::max(max_dconf, dconf);
      if (g.text != o.text) {
        std::printf("  %s: text differs: golden \"%s\" ours \"%s\"\n", stem.c_str(), g.text.c_str(), o.text.c_str());
        continue;
      }
      ++image_same;
      if (pair.max_corner_distance <= kMaxCornerPixels && dconf <= kMaxConfidenceDelta) {
        ++image_agree;
      } else {
        std::printf("  %s: \"%s\" off by %.1f px, confidence by %.4f\n", stem.c_str(), g.text.c_str(),
                    pair.max_corner_distance, dconf);
      }
    }
    same_text += image_same;
    agreeing += image_agree;
    std::printf("%-22s %6zu %6zu %6zu %6zu %9.2f %9.4f\n", stem.c_str(), golden.size(), ours->size(), image_same,
                image_agree, max_px, max_dconf);
  }
  ASSERT_GE(images, 10u) << "the committed set has at least 10 golden images";
  ASSERT_GT(total, 0u);
  const double text_ratio = static_cast<double>(same_text) / static_cast<double>(total);
  const double agree_ratio = static_cast<double>(agreeing) / static_cast<double>(total);
  std::printf(
      "parity: %zu images, %zu lines, identical text %.2f%%, identical text with corners <= %.0f px and "
      "confidence within %.2f: %.2f%%\n",
      images, total, 100 * text_ratio, kMaxCornerPixels, kMaxConfidenceDelta, 100 * agree_ratio);
  EXPECT_GE(text_ratio, 0.995);
  EXPECT_GE(agree_ratio, 0.995);
}

TEST_P(ParityTest, RenderedPagesHaveLowCharacterErrorRate) {
  ASSERT_NE(models_, nullptr);
  std::size_t pages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kData / "images")) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 7 || name.substr(name.size() - 7) != ".gt.txt") continue;
    std::ifstream in(entry.path());
    std::stringstream truth;
    truth << in.rdbuf();
    const std::string stem = name.substr(0, name.size() - 7);
    auto lines = RecognizeFile(*models_, ImageFor(stem));
    ASSERT_TRUE(lines.ok()) << stem << ": " << lines.error().message;
    std::string ours;
    for (const auto& line : *lines) ours += line.text;
    const std::string expected = WithoutWhitespace(truth.str());
    const std::size_t reference_chars = EditDistance(expected, "");
    const double cer =
        static_cast<double>(EditDistance(expected, WithoutWhitespace(ours))) / static_cast<double>(reference_chars);
    std::printf("CER %-22s %6.2f%% of %zu characters\n", stem.c_str(), 100 * cer, reference_chars);
    EXPECT_LE(cer, 0.02) << stem << ": ours \"" << ours << "\"";
    ++pages;
  }
  EXPECT_GE(pages, 8u);
}

TEST_P(ParityTest, ConcurrentRunsGiveIdenticalResults) {
  ASSERT_NE(models_, nullptr);
  const auto image = ImageFor("mixed_zh_en");
  auto first = RecognizeFile(*models_, image);
  ASSERT_TRUE(first.ok());
  std::vector<std::future<Result<std::vector<TextLine>>>> runs;
  for (int i = 0; i < 3; ++i)
    runs.push_back(std::async(std::launch::async, [&] { return RecognizeFile(*models_, image); }));
  for (auto& run : runs) {
    auto lines = run.get();
    ASSERT_TRUE(lines.ok());
    ASSERT_EQ(lines->size(), first->size());
    for (std::size_t i = 0; i < lines->size(); ++i) {
      EXPECT_EQ((*lines)[i].text, (*first)[i].text);
      EXPECT_EQ((*lines)[i].confidence, (*first)[i].confidence);
    }
  }
}

// The adaptive path (a wide detector session, recognition batches on helper
// threads) must not change a single line.
TEST_P(ParityTest, LendingIdleCoresGivesIdenticalResults) {
  ASSERT_NE(models_, nullptr);
  NodePlan plan;
  plan.cpus = CurrentThreadCpus();
  plan.cores = 4;  // budget of 4 even on a smaller machine: 3 helpers and a 4-thread detector
  plan.workers = 1;
  const EngineKind engine = GetParam();
  auto pool = NodePool::Start(
      plan, {.adaptive = true},
      [engine](const SessionConfig& workers, const std::optional<SessionConfig>& wide) -> Result<NodeModels> {
        auto manifest = LoadModelManifest(kModels / "ppocrv5-mobile" / "manifest.json");
        if (!manifest.ok()) return manifest.error();
        auto set = LoadModelSet(*manifest, [&](const ModelFile& file) { return LoadEngineModel(engine, file, workers); });
        if (!set.ok()) return set.error();
        NodeModels models;
        auto detector = LoadEngineModel(engine, manifest->det, wide.value());
        if (!detector.ok()) return detector.error();
        models.wide_detectors.emplace(manifest->name, std::move(detector).value());
        std::vector<std::unique_ptr<ModelSet>> sets;
        sets.push_back(std::move(set).value());
        models.registry = std::make_unique<ModelRegistry>(std::move(sets), manifest->name);
        return models;
      });
  ASSERT_TRUE(pool.ok()) << pool.error().message;
  std::size_t lines = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kData / "golden")) {
    if (entry.path().extension() != ".json") continue;
    auto pages = DecodeImage(ReadBytes(ImageFor(entry.path().stem().string())), DecodeLimits{});
    ASSERT_TRUE(pages.ok());
    auto in_order = RunOcr(*models_, pages->front(), OcrOptions{});
    ASSERT_TRUE(in_order.ok());
    std::promise<Result<OcrResult>> lent;
    ASSERT_TRUE(SubmitBody(*pool.value(), [&](WorkerContext& worker) {
      const ModelSet* set = worker.models.Find("");
      if (set == nullptr) {
        lent.set_value(MakeError(ErrorCode::kInternal, "the node has no default model set"));
        return;
      }
      lent.set_value(RunOcr(*set, pages->front(), OcrOptions{}, worker.executor));
    }));
    auto adaptive = lent.get_future().get();
    ASSERT_TRUE(adaptive.ok()) << adaptive.error().message;
    ASSERT_EQ(adaptive->lines.size(), in_order->lines.size()) << entry.path().stem();
    for (std::size_t i = 0; i < in_order->lines.size(); ++i) {
      const TextLine& a = in_order->lines[i];
      const TextLine& b = adaptive->lines[i];
      EXPECT_EQ(a.text, b.text);
      EXPECT_NEAR(a.confidence, b.confidence, 1e-5f) << a.text;
      for (std::size_t k = 0; k < 4; ++k) {
        EXPECT_EQ(a.box[k].x, b.box[k].x) << a.text;
        EXPECT_EQ(a.box[k].y, b.box[k].y) << a.text;
      }
      ++lines;
    }
  }
  EXPECT_GT(lines, 80u);
}

// bf16 is opt-in and not held to the goldens: this reports its character
// error rate on the rendered pages and its line agreement with f32 (the
// README's precision table) and bounds both.
TEST(Bf16Test, CharacterErrorRateAndAgreementWithF32) {
  if (!OpenVinoBuilt() || !CpuHasNativeBf16()) GTEST_SKIP() << "needs OpenVINO and a CPU with native BF16";
  auto manifest = LoadModelManifest(kModels / "ppocrv5-mobile" / "manifest.json");
  ASSERT_TRUE(manifest.ok());
  const auto load = [&](Precision precision) {
    return LoadModelSet(*manifest, [&](const ModelFile& file) {
      return LoadEngineModel(EngineKind::kOpenVino, file, SessionConfig{.intra_op_threads = 2, .precision = precision});
    });
  };
  auto f32 = load(Precision::kF32);
  auto bf16 = load(Precision::kBf16);
  ASSERT_TRUE(f32.ok() && bf16.ok());
  std::size_t lines = 0, same = 0, errors = 0, characters = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kData / "golden")) {
    if (entry.path().extension() != ".json") continue;
    const std::string stem = entry.path().stem().string();
    auto reference = RecognizeFile(*f32.value(), ImageFor(stem));
    auto candidate = RecognizeFile(*bf16.value(), ImageFor(stem));
    ASSERT_TRUE(reference.ok() && candidate.ok()) << stem;
    for (const LinePair& pair : PairLines(*reference, *candidate, 20.0f)) {
      ++lines;
      if (pair.golden >= 0 && pair.ours >= 0 && (*reference)[pair.golden].text == (*candidate)[pair.ours].text) ++same;
    }
    std::ifstream in(kData / "images" / (stem + ".gt.txt"));
    if (!in) continue;
    std::stringstream truth;
    truth << in.rdbuf();
    std::string text;
    for (const auto& line : *candidate) text += line.text;
    const std::string expected = WithoutWhitespace(truth.str());
    errors += EditDistance(expected, WithoutWhitespace(text));
    characters += EditDistance(expected, "");
  }
  ASSERT_GT(lines, 0u);
  ASSERT_GT(characters, 0u);
  const double agreement = static_cast<double>(same) / static_cast<double>(lines);
  const double cer = static_cast<double>(errors) / static_cast<double>(characters);
  std::printf("bf16: %zu of %zu lines identical to f32 (%.2f%%); CER %.2f%% of %zu characters\n", same, lines,
              100 * agreement, 100 * cer, characters);
  // Measured on ppocrv5-mobile: 92.9% of lines identical, CER 3.35% (f32: 0.09%).
  EXPECT_GE(agreement, 0.9);
  EXPECT_LE(cer, 0.05);
}

// Fast mode (width-bucket batching and each set's manifest "fast" departures)
// against parity mode on the ground-truth pages: the CER of each mode, and
// the share of parity lines fast mode reads the same.
TEST(FastModeTest, CharacterErrorRateStaysWithinParityModesPerSet) {
  for (const std::string set_name : {"ppocrv5-mobile", "ppocrv6-tiny"}) {
    const auto models = LoadSet(set_name);
    ASSERT_NE(models, nullptr);
    OcrOptions fast;
    fast.rec_batching = RecBatching::kWidthBudget;
    std::size_t lines = 0, same = 0, characters = 0, parity_errors = 0, fast_errors = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kData / "images")) {
      if (entry.path().extension() != ".txt" || entry.path().stem().extension() != ".gt") continue;
      const std::string stem = entry.path().stem().stem().string();
      auto parity = RecognizeFile(*models, ImageFor(stem));
      auto quick = RecognizeFile(*models, ImageFor(stem), fast);
      ASSERT_TRUE(parity.ok() && quick.ok()) << stem;
      for (const LinePair& pair : PairLines(*parity, *quick, 20.0f)) {
        if (pair.golden < 0) continue;
        ++lines;
        if (pair.ours >= 0 && (*parity)[pair.golden].text == (*quick)[pair.ours].text) ++same;
      }
      std::ifstream in(entry.path());
      std::stringstream truth;
      truth << in.rdbuf();
      const std::string expected = WithoutWhitespace(truth.str());
      const auto errors = [&](const std::vector<TextLine>& got) {
        std::string text;
        for (const auto& line : got) text += line.text;
        return EditDistance(expected, WithoutWhitespace(text));
      };
      parity_errors += errors(*parity);
      fast_errors += errors(*quick);
      characters += EditDistance(expected, "");
    }
    ASSERT_GT(characters, 0u);
    ASSERT_GT(lines, 0u);
    const double parity_cer = static_cast<double>(parity_errors) / static_cast<double>(characters);
    const double fast_cer = static_cast<double>(fast_errors) / static_cast<double>(characters);
    std::printf("%s: fast mode CER %.2f%% (parity %.2f%%) over %zu characters; %zu of %zu parity lines read the same (%.1f%%)\n",
                set_name.c_str(), 100 * fast_cer, 100 * parity_cer, characters, same, lines,
                100.0 * static_cast<double>(same) / static_cast<double>(lines));
    // Within a quarter of a point of parity mode's CER (one or two characters
    // of these pages move either way with the batch padding).
    EXPECT_LE(fast_cer, parity_cer + 0.0025) << set_name;
  }
}

std::vector<EngineKind> BuiltEngines() {
  std::vector<EngineKind> engines{EngineKind::kOnnxRuntime};
  if (OpenVinoBuilt()) engines.push_back(EngineKind::kOpenVino);
  return engines;
}

std::string EngineParamName(const testing::TestParamInfo<EngineKind>& info) {
  return std::string(EngineName(info.param));
}

INSTANTIATE_TEST_SUITE_P(Engines, ParityTest, testing::ValuesIn(BuiltEngines()), EngineParamName);

class ModelSetConfigTest : public testing::TestWithParam<EngineKind> {};
INSTANTIATE_TEST_SUITE_P(Engines, ModelSetConfigTest, testing::ValuesIn(BuiltEngines()), EngineParamName);

TEST_P(ModelSetConfigTest, PpOcrV6TinyLoadsFromItsManifestAlone) {
  const auto models = LoadSet("ppocrv6-tiny", GetParam());
  ASSERT_NE(models, nullptr);
  EXPECT_EQ(models->manifest().det_params.limit_type, DetLimitType::kMin);
  auto lines = RecognizeFile(*models, ImageFor("en_paragraph"));
  ASSERT_TRUE(lines.ok()) << lines.error().message;
  std::string text;
  for (const auto& line : *lines) text += line.text;
  EXPECT_NE(text.find("quick brown fox"), std::string::npos) << text;
}

}  // namespace
}  // namespace onnxocr::parity

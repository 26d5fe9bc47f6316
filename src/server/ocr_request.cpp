#include "server/ocr_request.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include "server/base64.h"

namespace onnxocr::server {
namespace {

constexpr int kMinSideLen = 32;
constexpr int kMaxSideLen = 8192;

Error InvalidField(std::string_view field, std::string_view expected) {
  return MakeError(ErrorCode::kInvalidArgument, std::string(field) + " must be " + std::string(expected));
}

Status CheckSideLen(std::int64_t value, OcrOptions& options) {
  if (value < kMinSideLen || value > kMaxSideLen) return InvalidField("det_limit_side_len", "an integer in [32, 8192]");
  options.det_limit_side_len = static_cast<int>(value);
  return Status::Ok();
}

Status CheckDropScore(double value, OcrOptions& options) {
  if (!(value >= 0.0 && value <= 1.0)) return InvalidField("drop_score", "a number in [0, 1]");
  options.drop_score = static_cast<float>(value);
  return Status::Ok();
}

Status CheckModel(std::string_view value, std::string& model) {
  if (value.empty() || value.size() > 128) return InvalidField("model", "the name of a loaded model set");
  model = std::string(value);
  return Status::Ok();
}

Result<std::vector<std::uint8_t>> DecodeImageField(simdjson::dom::element value, std::string_view field) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return InvalidField(field, "a base64 string");
  auto bytes = DecodeBase64(text);
  if (!bytes.ok()) return MakeError(bytes.error().code, std::string(field) + ": " + bytes.error().message);
  return bytes;
}

// Applies one known option field; unknown keys are ignored.
Status ApplyJsonOption(std::string_view key, simdjson::dom::element value, OcrRequest& request) {
  if (key == "use_angle_cls") {
    bool flag = false;
    if (value.get_bool().get(flag) != simdjson::SUCCESS) return InvalidField(key, "a boolean");
    request.options.use_angle_cls = flag;
  } else if (key == "det_limit_side_len") {
    std::int64_t side = 0;
    if (value.get_int64().get(side) != simdjson::SUCCESS) return InvalidField(key, "an integer in [32, 8192]");
    return CheckSideLen(side, request.options);
  } else if (key == "drop_score") {
    double score = 0;
    if (value.get_double().get(score) != simdjson::SUCCESS) return InvalidField(key, "a number in [0, 1]");
    return CheckDropScore(score, request.options);
  } else if (key == "model") {
    std::string_view name;
    if (value.get_string().get(name) != simdjson::SUCCESS) return InvalidField(key, "a string");
    return CheckModel(name, request.model);
  }
  return Status::Ok();
}

}  // namespace

std::optional<bool> ParseBoolText(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "0" || lower == "no" || lower == "off") return false;
  return std::nullopt;
}

Result<OcrRequest> ParseOcrJsonRequest(std::string_view body, std::size_t max_batch) {
  if (body.empty()) return MakeError(ErrorCode::kMalformedRequest, "empty request body; expected a JSON object");
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(body);
  simdjson::dom::element root;
  if (const auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
    return MakeError(ErrorCode::kMalformedRequest, std::string("invalid JSON: ") + simdjson::error_message(error));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return MakeError(ErrorCode::kMalformedRequest, "request body must be a JSON object");
  }

  OcrRequest request;
  bool has_image = false;
  bool has_images = false;
  for (const auto field : object) {
    if (field.key == "image") {
      if (has_image) return MakeError(ErrorCode::kMalformedRequest, "duplicate \"image\" field");
      has_image = true;
      auto bytes = DecodeImageField(field.value, "image");
      if (!bytes.ok()) return bytes.error();
      request.images.push_back(std::move(bytes).value());
    } else if (field.key == "images") {
      if (has_images) return MakeError(ErrorCode::kMalformedRequest, "duplicate \"images\" field");
      has_images = true;
      simdjson::dom::array array;
      if (field.value.get_array().get(array) != simdjson::SUCCESS) {
        return InvalidField("images", "an array of base64 strings");
      }
      if (array.size() == 0 || array.size() > max_batch) {
        return InvalidField("images", "an array of 1 to " + std::to_string(max_batch) + " base64 strings");
      }
      request.batch = true;
      std::size_t index = 0;
      for (const auto item : array) {
        auto bytes = DecodeImageField(item, "images[" + std::to_string(index++) + "]");
        if (!bytes.ok()) return bytes.error();
        request.images.push_back(std::move(bytes).value());
      }
    } else if (Status applied = ApplyJsonOption(field.key, field.value, request); !applied.ok()) {
      return applied.error();
    }
  }
  if (has_image == has_images) {
    return MakeError(ErrorCode::kMalformedRequest, has_image ? "give either \"image\" or \"images\", not both"
                                                             : "missing \"image\" (base64 string) or \"images\"");
  }
  return request;
}

Status ApplyFormOptions(const std::map<std::string, std::string>& fields, OcrOptions& options, std::string& model) {
  for (const auto& [key, value] : fields) {
    if (key == "use_angle_cls") {
      const auto flag = ParseBoolText(value);
      if (!flag) return InvalidField(key, "true or false");
      options.use_angle_cls = *flag;
    } else if (key == "det_limit_side_len") {
      std::int64_t side = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), side);
      if (ec != std::errc() || end != value.data() + value.size()) return InvalidField(key, "an integer in [32, 8192]");
      if (Status ok = CheckSideLen(side, options); !ok.ok()) return ok;
    } else if (key == "drop_score") {
      double score = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), score);
      if (ec != std::errc() || end != value.data() + value.size()) return InvalidField(key, "a number in [0, 1]");
      if (Status ok = CheckDropScore(score, options); !ok.ok()) return ok;
    } else if (key == "model") {
      if (Status ok = CheckModel(value, model); !ok.ok()) return ok;
    }
  }
  return Status::Ok();
}

}  // namespace onnxocr::server

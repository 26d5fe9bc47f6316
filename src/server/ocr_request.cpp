#include "server/ocr_request.h"

#include <simdjson.h>

#include <optional>
#include <string>

#include "core/request_options.h"
#include "server/base64.h"

namespace onnxocr::server {
namespace {

Error InvalidField(std::string_view field, std::string_view expected) {
  return MakeError(ErrorCode::kInvalidArgument, std::string(field) + " must be " + std::string(expected));
}

Result<std::vector<std::uint8_t>> DecodeImageField(simdjson::dom::element value, std::string_view field) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return InvalidField(field, "a base64 string");
  auto bytes = DecodeBase64(text);
  if (!bytes.ok()) return MakeError(bytes.error().code, std::string(field) + ": " + bytes.error().message);
  return bytes;
}

// A JSON scalar as an option value (ApplyOption checks it against the
// option's type); nullopt for null, arrays and objects.
std::optional<OptionValue> JsonScalar(simdjson::dom::element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::BOOL:
      return OptionValue{value.get_bool().value_unsafe()};
    case simdjson::dom::element_type::INT64:
      return OptionValue{value.get_int64().value_unsafe()};
    case simdjson::dom::element_type::UINT64:  // beyond int64: no option takes it as an integer
    case simdjson::dom::element_type::DOUBLE:
      return OptionValue{value.get_double().value_unsafe()};
    case simdjson::dom::element_type::STRING:
      return OptionValue{std::string(value.get_string().value_unsafe())};
    default:
      return std::nullopt;
  }
}

// Applies one request option (core/request_options.h); other keys are ignored.
Status ApplyJsonOption(std::string_view key, simdjson::dom::element value, OcrOptions& options) {
  const RequestOption* option = FindRequestOption(key);
  if (option == nullptr) return Status::Ok();
  const std::optional<OptionValue> scalar = JsonScalar(value);
  if (!scalar) return InvalidField(key, OptionExpectation(*option));
  return ApplyOption(*option, *scalar, key, options);
}

}  // namespace

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
    } else if (Status applied = ApplyJsonOption(field.key, field.value, request.options); !applied.ok()) {
      return applied.error();
    }
  }
  if (has_image == has_images) {
    return MakeError(ErrorCode::kMalformedRequest, has_image ? "give either \"image\" or \"images\", not both"
                                                             : "missing \"image\" (base64 string) or \"images\"");
  }
  return request;
}

Status ApplyFormOptions(const std::map<std::string, std::string>& fields, OcrOptions& options) {
  for (const auto& [key, value] : fields) {
    const RequestOption* option = FindRequestOption(key);
    if (option == nullptr) continue;
    if (Status applied = ApplyOptionText(*option, value, key, options); !applied.ok()) return applied;
  }
  return Status::Ok();
}

}  // namespace onnxocr::server

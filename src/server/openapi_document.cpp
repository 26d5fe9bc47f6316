#include "server/openapi_document.h"

#include <string_view>

#include "core/json_text.h"
#include "core/request_options.h"
#include "onnxocr_server_assets.h"

namespace onnxocr::server {
namespace {

// Where the template (src/server/openapi.json) wants the generated schemas.
constexpr std::string_view kJsonOptionsSlot = "\"@generated: request options as JSON fields@\"";
constexpr std::string_view kFormOptionsSlot = "\"@generated: request options as form fields@\"";

std::string_view AsFormText(OptionType type) {
  switch (type) {
    case OptionType::kBoolean:
      return " As a form field: `true`, `false`, `1`, `0`, `yes`, `no`, `on` or `off`.";
    case OptionType::kInteger:
    case OptionType::kNumber:
      return " As a form field: decimal text.";
    case OptionType::kString:
      return "";
  }
  return "";
}

// A bound as the option's JSON type: 32 for an integer, 0.0 for a number.
void AppendBound(std::string& out, const RequestOption& option, double bound) {
  if (option.type == OptionType::kNumber) {
    AppendJsonNumber(out, bound);
  } else {
    out += std::to_string(static_cast<long long>(bound));
  }
}

void AppendOptionSchema(std::string& out, const RequestOption& option, const OcrOptions& server_defaults,
                        bool form) {
  AppendJsonString(out, option.name);
  out += ": {\"type\": ";
  AppendJsonString(out, OptionTypeName(option.type));
  if (option.type == OptionType::kInteger || option.type == OptionType::kNumber) {
    out += ", \"minimum\": ";
    AppendBound(out, option, option.minimum);
    out += ", \"maximum\": ";
    AppendBound(out, option, option.maximum);
  } else if (option.type == OptionType::kString) {
    out += ", \"minLength\": 1, \"maxLength\": ";
    AppendBound(out, option, option.maximum);
  }
  std::string description(option.meaning);
  const auto server_value = option.get(server_defaults);
  if (server_value) {
    out += ", \"default\": " + OptionValueJson(*server_value);
    description += " Default: this server's `" + OptionFlag(option) + "`, " + OptionValueJson(*server_value) + ".";
  } else {
    description += " Default: " + std::string(option.default_text) + ".";
  }
  if (form) description += AsFormText(option.type);
  out += ", \"description\": ";
  AppendJsonString(out, description);
  out += "}";
}

std::string OptionsSchema(const OcrOptions& server_defaults, bool form) {
  std::string out = "{\"type\": \"object\", \"description\": ";
  AppendJsonString(out, form ? "The request options as multipart form fields. Unknown fields are ignored."
                             : "The request options, shared by every JSON form of `POST /ocr`. Unknown fields "
                               "are ignored.");
  out += ", \"properties\": {";
  bool first = true;
  for (const RequestOption& option : RequestOptions()) {
    if (!first) out += ", ";
    first = false;
    AppendOptionSchema(out, option, server_defaults, form);
  }
  out += "}}";
  return out;
}

void Fill(std::string& document, std::string_view slot, const std::string& schema) {
  const std::size_t at = document.find(slot);
  if (at != std::string::npos) document.replace(at, slot.size(), schema);
}

}  // namespace

std::string OpenApiDocument(const OcrOptions& server_defaults) {
  const assets::EmbeddedFile* file = assets::FindEmbeddedFile("openapi.json");
  if (file == nullptr) return "{}";
  std::string document(file->data);
  Fill(document, kJsonOptionsSlot, OptionsSchema(server_defaults, false));
  Fill(document, kFormOptionsSlot, OptionsSchema(server_defaults, true));
  return document;
}

}  // namespace onnxocr::server

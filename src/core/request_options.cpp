#include "core/request_options.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include "core/json_text.h"

namespace onnxocr {
namespace {

// The double whose shortest text is the float's: 0.7f as 0.7, not 0.699999988.
double FloatAsDouble(float value) {
  std::array<char, 32> text{};
  const auto end = std::to_chars(text.data(), text.data() + text.size(), value).ptr;
  double exact = value;
  std::from_chars(text.data(), end, exact);
  return exact;
}

// The setters receive values ApplyOption has checked: the variant holds the
// option's type (an integer number already converted to double).
const std::array<RequestOption, 7> kRequestOptions{{
    {"use_angle_cls", OptionType::kBoolean, 0, 0, "Run the 180° text-line orientation classifier.",
     "on when the set has a classifier; in `--mode fast`, as the set's manifest `fast.use_angle_cls` says", true,
     [](const OcrOptions& o) -> std::optional<OptionValue> {
       if (!o.use_angle_cls) return std::nullopt;
       return OptionValue{*o.use_angle_cls};
     },
     [](OcrOptions& o, const OptionValue& v) { o.use_angle_cls = std::get<bool>(v); }},
    {"det_limit_side_len", OptionType::kInteger, 32, 8192, "Detector input side limit, in pixels.",
     "the model set's (960 for `ppocrv5-mobile`, 736 for `ppocrv6-tiny` and `ppocrv6-small`)", true,
     [](const OcrOptions& o) -> std::optional<OptionValue> {
       if (!o.det_limit_side_len) return std::nullopt;
       return OptionValue{std::int64_t{*o.det_limit_side_len}};
     },
     [](OcrOptions& o, const OptionValue& v) { o.det_limit_side_len = static_cast<int>(std::get<std::int64_t>(v)); }},
    {"drop_score", OptionType::kNumber, 0, 1, "Drop text lines whose confidence is below this.",
     "the model set's (0.5)", true,
     [](const OcrOptions& o) -> std::optional<OptionValue> {
       if (!o.drop_score) return std::nullopt;
       return OptionValue{FloatAsDouble(*o.drop_score)};
     },
     [](OcrOptions& o, const OptionValue& v) { o.drop_score = static_cast<float>(std::get<double>(v)); }},
    {"model", OptionType::kString, 1, 128,
     "The model set to run, by name; `GET /ready` lists the loaded ones, another name is 422 `invalid_argument`.",
     "`ppocrv5-mobile`", true,
     [](const OcrOptions& o) -> std::optional<OptionValue> {
       if (!o.model) return std::nullopt;
       return OptionValue{*o.model};
     },
     [](OcrOptions& o, const OptionValue& v) { o.model = std::get<std::string>(v); }},
    {"lang", OptionType::kString, 1, 32,
     "The language to read, as a code (with the bundled sets `ch`, `en`, `japan`, `chinese_cht`, `fr`, `de`, `es`, "
     "`pt`, `it`; `zh`, `ja`, `zh-Hant` and English names are aliases): picks the loaded model set that reads it, the "
     "default set when it does. With `model`, that set must read it. `GET /ready` lists the codes; another is 422 "
     "`invalid_argument` naming them.",
     "none: `model` decides", true,
     [](const OcrOptions& o) -> std::optional<OptionValue> {
       if (!o.lang) return std::nullopt;
       return OptionValue{*o.lang};
     },
     [](OcrOptions& o, const OptionValue& v) { o.lang = std::get<std::string>(v); }},
    {"word_boxes", OptionType::kBoolean, 0, 0,
     "Give each result line its `words`: `{\"text\", \"confidence\", \"bounding_box\"}` per word (per character "
     "for CJK), from the recogniser's character alignment, in source-image pixels.",
     "`false`", true,
     [](const OcrOptions& o) -> std::optional<OptionValue> {
       if (!o.word_boxes) return std::nullopt;
       return OptionValue{*o.word_boxes};
     },
     [](OcrOptions& o, const OptionValue& v) { o.word_boxes = std::get<bool>(v); }},
    {"use_doc_orientation", OptionType::kBoolean, 0, 0,
     "Classify each page's (and each rendered PDF page's) quarter turn, 0/90/180/270, and read it upright; boxes "
     "stay in source-image pixels, starting at the text's top-left as it reads, and the answer says the turn as "
     "`orientation`.",
     "`false`", true,
     [](const OcrOptions& o) -> std::optional<OptionValue> {
       if (!o.use_doc_orientation) return std::nullopt;
       return OptionValue{*o.use_doc_orientation};
     },
     [](OcrOptions& o, const OptionValue& v) { o.use_doc_orientation = std::get<bool>(v); }},
}};

std::string Number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

Error Invalid(std::string_view label, const RequestOption& option, std::string_view got = {}) {
  std::string message = std::string(label) + " must be " + OptionExpectation(option);
  if (!got.empty()) {
    constexpr std::size_t kShown = 64;
    message += ", got '" + std::string(got.substr(0, kShown)) + (got.size() > kShown ? "...'" : "'");
  }
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// The value as the option's type, or nullopt when it is of another type.
std::optional<OptionValue> AsOptionType(const RequestOption& option, const OptionValue& value) {
  switch (option.type) {
    case OptionType::kBoolean:
      if (std::holds_alternative<bool>(value)) return value;
      break;
    case OptionType::kInteger:
      if (std::holds_alternative<std::int64_t>(value)) return value;
      break;
    case OptionType::kNumber:
      if (const auto* integer = std::get_if<std::int64_t>(&value)) return OptionValue{static_cast<double>(*integer)};
      if (std::holds_alternative<double>(value)) return value;
      break;
    case OptionType::kString:
      if (std::holds_alternative<std::string>(value)) return value;
      break;
  }
  return std::nullopt;
}

bool InRange(const RequestOption& option, const OptionValue& value) {
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    return static_cast<double>(*integer) >= option.minimum && static_cast<double>(*integer) <= option.maximum;
  }
  if (const auto* number = std::get_if<double>(&value)) {
    return std::isfinite(*number) && *number >= option.minimum && *number <= option.maximum;
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    return !text->empty() && static_cast<double>(text->size()) <= option.maximum;
  }
  return true;
}

template <class T>
std::optional<T> ParseDecimal(std::string_view text) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::span<const RequestOption> RequestOptions() { return kRequestOptions; }

const RequestOption* FindRequestOption(std::string_view name) {
  for (const RequestOption& option : kRequestOptions) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

std::string_view OptionTypeName(OptionType type) {
  switch (type) {
    case OptionType::kBoolean:
      return "boolean";
    case OptionType::kInteger:
      return "integer";
    case OptionType::kNumber:
      return "number";
    case OptionType::kString:
      return "string";
  }
  return "string";
}

std::string OptionFlag(const RequestOption& option) {
  std::string flag = "--" + std::string(option.name);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

std::string OptionExpectation(const RequestOption& option) {
  const std::string range = "[" + Number(option.minimum) + ", " + Number(option.maximum) + "]";
  switch (option.type) {
    case OptionType::kBoolean:
      return "a boolean";
    case OptionType::kInteger:
      return "an integer in " + range;
    case OptionType::kNumber:
      return "a number in " + range;
    case OptionType::kString:
      return "a string of 1 to " + Number(option.maximum) + " characters";
  }
  return "valid";
}

std::string OptionValueJson(const OptionValue& value) {
  std::string json;
  if (const auto* flag = std::get_if<bool>(&value)) json = *flag ? "true" : "false";
  if (const auto* integer = std::get_if<std::int64_t>(&value)) json = std::to_string(*integer);
  if (const auto* number = std::get_if<double>(&value)) AppendJsonNumber(json, *number);
  if (const auto* text = std::get_if<std::string>(&value)) AppendJsonString(json, *text);
  return json;
}

Status ApplyOption(const RequestOption& option, const OptionValue& value, std::string_view label,
                   OcrOptions& options) {
  const std::optional<OptionValue> typed = AsOptionType(option, value);
  if (!typed || !InRange(option, *typed)) return Invalid(label, option);
  option.set(options, *typed);
  return Status::Ok();
}

Status ApplyOptionText(const RequestOption& option, std::string_view text, std::string_view label,
                       OcrOptions& options) {
  std::optional<OptionValue> value;
  switch (option.type) {
    case OptionType::kBoolean:
      if (const auto flag = ParseBoolText(text)) value = *flag;
      break;
    case OptionType::kInteger:
      if (const auto integer = ParseDecimal<std::int64_t>(text)) value = *integer;
      break;
    case OptionType::kNumber:
      if (const auto number = ParseDecimal<double>(text)) value = *number;
      break;
    case OptionType::kString:
      value = std::string(text);
      break;
  }
  if (!value || !InRange(option, *value)) return Invalid(label, option, text);
  option.set(options, *value);
  return Status::Ok();
}

std::optional<bool> ParseBoolText(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "0" || lower == "no" || lower == "off") return false;
  return std::nullopt;
}

OcrOptions WithDefaults(const OcrOptions& request, const OcrOptions& defaults) {
  OcrOptions merged = request;
  merged.rec_batching = defaults.rec_batching;
  for (const RequestOption& option : kRequestOptions) {
    if (option.get(merged)) continue;
    if (const std::optional<OptionValue> fallback = option.get(defaults)) option.set(merged, *fallback);
  }
  return merged;
}

}  // namespace onnxocr

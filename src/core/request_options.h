// The per-request OCR options, each described once: its name (the JSON field
// and form field; the flag is --name with dashes, the env twin ONNXOCR_NAME),
// its type and range, its default, whether `serve` can set that default, and
// where it lives in OcrOptions. JSON and multipart parsing, the CLI flags and
// their env twins, the OpenAPI document, the docs tables and the merge of a
// request with the server's defaults all read this table. Immutable data and
// pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "core/ocr_types.h"
#include "core/status.h"

namespace onnxocr {

// The model set requests get when neither they nor `serve --model` name one.
inline constexpr std::string_view kDefaultModelSet = "ppocrv5-mobile";

enum class OptionType { kBoolean, kInteger, kNumber, kString };

// A value as a request or a flag gives it, before the range check.
using OptionValue = std::variant<bool, std::int64_t, double, std::string>;

struct RequestOption {
  std::string_view name;  // "det_limit_side_len"
  OptionType type;
  // kInteger, kNumber: the inclusive range; kString: at most `maximum` characters, at least one.
  double minimum = 0;
  double maximum = 0;
  std::string_view meaning;       // one sentence, Markdown
  std::string_view default_text;  // the default when neither the request nor serve sets it, Markdown
  bool serve_sets_default = true;  // serve's --flag is the default of requests that leave the field out
  std::optional<OptionValue> (*get)(const OcrOptions& options);
  void (*set)(OcrOptions& options, const OptionValue& checked);
};

// Every request option, in the order documents list them.
std::span<const RequestOption> RequestOptions();

// The option called `name`, or null.
const RequestOption* FindRequestOption(std::string_view name);

// The type's JSON Schema name: "boolean", "integer", "number" or "string".
std::string_view OptionTypeName(OptionType type);

// "--det-limit-side-len": the option's command-line flag.
std::string OptionFlag(const RequestOption& option);

// What a valid value is: "an integer in [32, 8192]", "a boolean", ...
std::string OptionExpectation(const RequestOption& option);

// The value as JSON text: true, 960, 0.5, "ppocrv5-mobile".
std::string OptionValueJson(const OptionValue& value);

// Checks `value` against the option's type and range and stores it in
// `options`; kInvalidArgument "<label> must be <expectation>" otherwise. An
// integer is a valid number.
Status ApplyOption(const RequestOption& option, const OptionValue& value, std::string_view label,
                   OcrOptions& options);

// The same from text, as form fields, flags and env twins give values:
// booleans as true/false/1/0/yes/no/on/off, numbers in decimal.
Status ApplyOptionText(const RequestOption& option, std::string_view text, std::string_view label,
                       OcrOptions& options);

// "true"/"false"/"1"/"0"/"yes"/"no"/"on"/"off", case-insensitive.
std::optional<bool> ParseBoolText(std::string_view text);

// A request's options over a server's defaults: every option the request
// sets wins, the others come from `defaults`; recognition batching is the
// server's (a request cannot choose the mode). The one place they merge.
OcrOptions WithDefaults(const OcrOptions& request, const OcrOptions& defaults);

}  // namespace onnxocr

#include "cli/option_table.h"

#include <sstream>

#include "cli/flag.h"
#include "core/request_options.h"

namespace onnxocr::cli {
namespace {

std::string TypeText(const RequestOption& option) {
  std::ostringstream text;
  switch (option.type) {
    case OptionType::kBoolean:
      text << "boolean";
      break;
    case OptionType::kInteger:
      text << "integer " << option.minimum << "-" << option.maximum;
      break;
    case OptionType::kNumber:
      text << "number " << option.minimum << "-" << option.maximum;
      break;
    case OptionType::kString:
      text << "string, 1-" << option.maximum << " characters";
      break;
  }
  return text.str();
}

}  // namespace

std::string RequestOptionsMarkdownTable() {
  std::string table =
      "| field | type | default | `serve` / `ocr` flag, env | meaning |\n"
      "|---|---|---|---|---|\n";
  for (const RequestOption& option : RequestOptions()) {
    const std::string flag = OptionFlag(option);
    table += "| `" + std::string(option.name) + "` | " + TypeText(option) + " | " + std::string(option.default_text) +
             " | `" + flag + "`, `" + EnvTwin(flag) + "`" + (option.serve_sets_default ? "" : " (`ocr` only)") +
             " | " + std::string(option.meaning) + " |\n";
  }
  return table;
}

}  // namespace onnxocr::cli

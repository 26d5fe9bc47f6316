#include "cli/option_table.h"

#include <sstream>

#include "cli/flag.h"
#include "core/request_options.h"

namespace onnxocr::cli {
namespace {

// "boolean", "integer 32-8192", "number 0-1", "string, 1-128 characters".
std::string TypeText(const RequestOption& option) {
  std::ostringstream text;
  text << OptionTypeName(option.type);
  if (option.type == OptionType::kInteger || option.type == OptionType::kNumber) {
    text << " " << option.minimum << "-" << option.maximum;
  } else if (option.type == OptionType::kString) {
    text << ", 1-" << option.maximum << " characters";
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

// The request options (core/request_options.h) as the Markdown table that
// README.md and docs/http-api.md carry between kOptionTableBegin and
// kOptionTableEnd; tests/unit/cli/option_table_test.cpp keeps them equal.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace onnxocr::cli {

inline constexpr std::string_view kOptionTableBegin =
    "<!-- request options: generated from src/core/request_options.cpp by option_table_test; do not edit -->\n";
inline constexpr std::string_view kOptionTableEnd = "<!-- end of request options -->\n";

std::string RequestOptionsMarkdownTable();

}  // namespace onnxocr::cli

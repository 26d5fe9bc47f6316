// Renders recognised pages in the output formats of marker's /marker/upload
// endpoint (markdown, json, html, chunks) plus plain text. Pure functions over
// values; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/status.h"

namespace onnxocr {

enum class OutputFormat { kMarkdown, kJson, kHtml, kChunks, kText };

// Accepts "markdown", "json", "html", "chunks", "text" (exact, lower case);
// anything else is kInvalidArgument naming the allowed values.
Result<OutputFormat> ParseOutputFormat(std::string_view name);

std::string_view OutputFormatName(OutputFormat format);

// The document as marker's "output" string for `format`. `paginate` adds
// marker's page markers: "\n\n{N}" + 48 '-' + "\n\n" before each page in
// markdown and text, <div class='page' data-page-id='N'> in html; json and
// chunks always carry page structure and ignore it. Always valid UTF-8; json
// and chunks are valid JSON, html is well formed, for any recognised text.
std::string RenderDocument(const std::vector<DocumentPage>& pages, OutputFormat format, bool paginate);

}  // namespace onnxocr

// Renders recognised pages in the output formats of marker's /marker/upload
// endpoint (markdown, json, html, chunks) plus plain text and hOCR (hocr.h). Pure functions over
// values; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/status.h"

namespace onnxocr {

// kPdf is a searchable PDF (searchable_pdf.h), which RenderDocument does not
// make: it needs the pages' pictures.
enum class OutputFormat { kMarkdown, kJson, kHtml, kChunks, kText, kHocr, kPdf };

// Accepts "markdown", "json", "html", "chunks", "text", "hocr", "pdf" (exact, lower case);
// anything else is kInvalidArgument naming the allowed values.
Result<OutputFormat> ParseOutputFormat(std::string_view name);

std::string_view OutputFormatName(OutputFormat format);

// The document as marker's "output" string for `format`. `paginate` adds
// marker's page markers: "\n\n{N}" + 48 '-' + "\n\n" before each page in
// markdown and text, <div class='page' data-page-id='N'> in html; json and
// chunks always carry page structure and ignore it, as does hocr (one
// ocr_page per page). Always valid UTF-8; json and chunks are valid JSON,
// html is well formed and hocr valid XHTML, for any recognised text.
// kPdf gives an empty string.
std::string RenderDocument(const std::vector<DocumentPage>& pages, OutputFormat format, bool paginate);

}  // namespace onnxocr

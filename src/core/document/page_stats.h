// marker's metadata.page_stats for recognised pages. Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/document.h"

namespace onnxocr {

// JSON array, one object per page:
// {"page_id": N, "text_extraction_method": "pdftext"|"ocr",
//  "block_counts": [["Line", n], ["Text", k], ...] (most common first, as marker),
//  "block_metadata": {"llm_request_count": 0, "llm_error_count": 0, "llm_tokens_used": 0},
//  "line_count": number of recognised text lines before same-line fragments are merged}.
std::string RenderPageStats(const std::vector<DocumentPage>& pages);

}  // namespace onnxocr

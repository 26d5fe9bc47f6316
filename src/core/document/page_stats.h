// marker's metadata.page_stats for recognised pages. Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/document.h"

namespace onnxocr {

// JSON array, one object per page:
// {"page_id": N, "text_extraction_method": "pdftext" (a text layer) | "surya" (OCR'd, marker's word),
//  "block_counts": [["Line", n], ["Text", k], ...] (most common first, as marker),
//  "block_metadata": {"llm_request_count": 0, "llm_error_count": 0, "llm_tokens_used": 0,
//                     "previous_text": "", "previous_type": "", "previous_order": 0} (marker's six, at its defaults),
//  "line_count": number of recognised text lines before same-line fragments are merged,
//  "orientation": the page's clockwise turn, only when use_doc_orientation classified it}.
std::string RenderPageStats(const std::vector<DocumentPage>& pages);

}  // namespace onnxocr

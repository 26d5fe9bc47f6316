// marker's metadata.table_of_contents: the section headers of a document in
// reading order. Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/document.h"

namespace onnxocr {

// JSON array, one object per SectionHeader block, pages in order:
// {"title": header text, "heading_level": 1|2, "page_id": N,
//  "polygon": [[x, y] x 4] in the page's unit (PDF points for PDF pages)}.
// marker's own pipeline leaves heading_level null (its TOC step runs before
// header levels are set); ours carries the level its markdown uses.
std::string RenderTableOfContents(const std::vector<DocumentPage>& pages);

}  // namespace onnxocr

// A recognised document: pages of text lines, from OCR of an image or page,
// or from a PDF's text layer. Plain value types.
#pragma once

#include <optional>
#include <vector>

#include "core/ocr_types.h"

namespace onnxocr {

enum class TextSource { kOcr, kPdfText };

struct DocumentPage {
  int page_id = 0;    // 0-based index of the page in the source document
  double width = 0;   // page size in the unit of the line boxes: pixels for
  double height = 0;  // images and OCR'd pages, PDF points for a text layer
  TextSource source = TextSource::kOcr;
  // The clockwise turn (0, 90, 180, 270) of the page's text in its picture,
  // as the page-orientation classifier found it (unset when it did not run);
  // the boxes stay in the picture's coordinates, and reading order is that of
  // the upright page.
  std::optional<int> orientation;
  std::vector<TextLine> lines;  // any order; renderers establish reading order
};

}  // namespace onnxocr

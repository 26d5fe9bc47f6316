// Synthetic pages for the document tests.
#pragma once

#include <string>
#include <vector>

#include "core/document.h"

namespace onnxocr::testing {

inline TextLine Line(std::string text, float x, float y, float width, float height = 20, float confidence = 0.9f) {
  return TextLine{std::move(text), confidence,
                  Quad{cv::Point2f(x, y), cv::Point2f(x + width, y), cv::Point2f(x + width, y + height),
                       cv::Point2f(x, y + height)}};
}

inline DocumentPage Page(std::vector<TextLine> lines, int page_id = 0, double width = 1000, double height = 1400) {
  DocumentPage page;
  page.page_id = page_id;
  page.width = width;
  page.height = height;
  page.lines = std::move(lines);
  return page;
}

// A title over two columns, two paragraphs each; lines listed in a scrambled order.
inline DocumentPage TwoColumnPage() {
  std::vector<TextLine> lines = {
      Line("R1a", 520, 200, 400), Line("L1a", 80, 200, 400),  Line("Title", 250, 80, 500, 40),
      Line("L1b", 80, 225, 380),  Line("R1b", 520, 225, 380), Line("L2a", 80, 300, 400),
      Line("R2a", 520, 300, 400), Line("L2b", 80, 325, 300),  Line("R2b", 520, 325, 300),
  };
  return Page(std::move(lines));
}

}  // namespace onnxocr::testing

// Comparison of our OCR lines against golden lines: pairing, tolerances and
// character error rate. Pure functions used by parity_test.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ocr_types.h"

namespace onnxocr::parity {

struct LinePair {
  int golden = -1;                // index into the golden lines, -1 when ours has no partner
  int ours = -1;                  // index into our lines, -1 when the golden line was missed
  float max_corner_distance = 0;  // pixels, over the four corners
};

// Pairs each golden line with the unused line of ours whose corners are
// closest (largest corner distance below `max_distance`), in golden order.
std::vector<LinePair> PairLines(const std::vector<TextLine>& golden, const std::vector<TextLine>& ours,
                                float max_distance);

// Levenshtein distance over Unicode code points.
std::size_t EditDistance(std::string_view a, std::string_view b);

// Text with all whitespace removed (ASCII and U+3000), for CER.
std::string WithoutWhitespace(std::string_view text);

}  // namespace onnxocr::parity

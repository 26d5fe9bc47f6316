// Parses a page selection such as "0,5-10" (marker's --page_range syntax, 0-based).
// Pure function, no state: safe from any thread.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace onnxocr {

// Longest accepted spec, in characters.
inline constexpr std::size_t kMaxPageRangeLength = 4096;

// Comma-separated 0-based pages and inclusive ranges: "0,5-10" -> {0,5,6,7,8,9,10}.
// Whitespace around numbers is ignored. An empty (or all-whitespace) spec selects
// all pages. The result is sorted and without duplicates.
// Errors: kInvalidArgument for malformed tokens ("", "a", "-3", "5-2") or pages
// outside [0, page_count), or a spec longer than kMaxPageRangeLength.
Result<std::vector<int>> ParsePageRange(std::string_view spec, int page_count);

}  // namespace onnxocr

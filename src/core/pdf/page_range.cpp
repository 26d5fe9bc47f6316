#include "core/pdf/page_range.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

namespace onnxocr {
namespace {

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

Error BadSpec(std::string_view spec, std::string_view why) {
  return MakeError(ErrorCode::kInvalidArgument, "invalid page range \"" + std::string(spec) +
                                                    "\": " + std::string(why) +
                                                    " (expected 0-based pages and ranges such as \"0,5-10\")");
}

// A non-negative decimal page number, or -1.
int ParsePageNumber(std::string_view token) {
  token = Trim(token);
  if (token.empty() || token.size() > 9) return -1;
  int value = -1;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size() || value < 0) return -1;
  return value;
}

}  // namespace

Result<std::vector<int>> ParsePageRange(std::string_view spec, int page_count) {
  std::vector<int> pages;
  if (Trim(spec).empty()) {
    for (int page = 0; page < page_count; ++page) pages.push_back(page);
    return pages;
  }
  if (spec.size() > kMaxPageRangeLength) {
    return BadSpec(spec.substr(0, 32), "longer than " + std::to_string(kMaxPageRangeLength) + " characters");
  }
  // Ranges are merged before they are expanded, so the result never holds
  // more than page_count pages however often a range repeats.
  std::vector<std::pair<int, int>> ranges;
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', start), spec.size());
    const std::string_view token = Trim(spec.substr(start, comma - start));
    start = comma + 1;
    if (token.empty()) return BadSpec(spec, "empty entry");
    const std::size_t dash = token.find('-');
    const int first = ParsePageNumber(token.substr(0, dash));
    const int last = dash == std::string_view::npos ? first : ParsePageNumber(token.substr(dash + 1));
    if (first < 0 || last < 0) return BadSpec(spec, "\"" + std::string(token) + "\" is not a page or a range");
    if (first > last) return BadSpec(spec, "range \"" + std::string(token) + "\" runs backwards");
    if (last >= page_count) {
      return BadSpec(spec, "page " + std::to_string(last) + " is out of range: the document has " +
                               std::to_string(page_count) + " page(s), numbered from 0");
    }
    ranges.emplace_back(first, last);
  }
  std::sort(ranges.begin(), ranges.end());
  int next = 0;  // first page not yet added
  for (const auto& [first, last] : ranges) {
    for (int page = std::max(first, next); page <= last; ++page) pages.push_back(page);
    next = std::max(next, last + 1);
  }
  return pages;
}

}  // namespace onnxocr

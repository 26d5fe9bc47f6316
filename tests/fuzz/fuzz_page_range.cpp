// (5d) marker's page_range syntax (ParsePageRange). The first four input
// bytes are the document's page count, up to pdfinfo's cap of 1,000,000 pages
// (a PDF's page count is the attacker's too); the rest is the form field.
// Accepted results must be sorted, distinct and inside [0, page_count).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/pdf/page_range.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return -1;
  const std::uint32_t raw = std::uint32_t{data[0]} | (std::uint32_t{data[1]} << 8) | (std::uint32_t{data[2]} << 16) |
                            (std::uint32_t{data[3]} << 24);
  const int page_count = static_cast<int>(raw % 1'000'001);
  const std::string_view spec(reinterpret_cast<const char*>(data + 4), size - 4);
  auto pages = onnxocr::ParsePageRange(spec, page_count);
  if (!pages.ok()) {
    FUZZ_CHECK_MSG(pages.error().code == onnxocr::ErrorCode::kInvalidArgument, pages.error().message);
    return 0;
  }
  FUZZ_CHECK(std::is_sorted(pages->begin(), pages->end()));
  FUZZ_CHECK(std::adjacent_find(pages->begin(), pages->end()) == pages->end());
  FUZZ_CHECK(pages->size() <= static_cast<std::size_t>(page_count));
  if (!pages->empty()) FUZZ_CHECK(pages->front() >= 0 && pages->back() < page_count);
  return 0;
}

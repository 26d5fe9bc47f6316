#include "core/document/page_stats.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "core/document/reading_order.h"
#include "core/json_text.h"

namespace onnxocr {
namespace {

using BlockCount = std::pair<std::string_view, int>;

// Counts in first-seen order (blocks in reading order, then lines), most common first.
std::vector<BlockCount> CountBlocks(const std::vector<TextBlock>& blocks) {
  std::vector<BlockCount> counts;
  const auto add = [&](std::string_view type, int n) {
    const auto it = std::find_if(counts.begin(), counts.end(), [&](const BlockCount& c) { return c.first == type; });
    if (it == counts.end()) {
      counts.emplace_back(type, n);
    } else {
      it->second += n;
    }
  };
  int lines = 0;
  for (const TextBlock& block : blocks) {
    add(BlockTypeName(block.type), 1);
    lines += static_cast<int>(block.lines.size());
  }
  if (lines > 0) add("Line", lines);
  std::stable_sort(counts.begin(), counts.end(),
                   [](const BlockCount& a, const BlockCount& b) { return a.second > b.second; });
  return counts;
}

void AppendPageStats(std::string& out, const DocumentPage& page) {
  out += "{\"page_id\": " + std::to_string(page.page_id) + ", \"text_extraction_method\": ";
  // marker's words: "pdftext" for a text layer, "surya" (its OCR model) for a recognised page.
  AppendJsonString(out, page.source == TextSource::kPdfText ? "pdftext" : "surya");
  out += ", \"block_counts\": [";
  const std::vector<BlockCount> counts = CountBlocks(GroupIntoBlocks(page));
  for (std::size_t k = 0; k < counts.size(); ++k) {
    if (k > 0) out += ", ";
    out += '[';
    AppendJsonString(out, counts[k].first);
    out += ", " + std::to_string(counts[k].second) + "]";
  }
  // marker's six BlockMetadata fields, at its defaults: we make no LLM calls.
  out += "], \"block_metadata\": {\"llm_request_count\": 0, \"llm_error_count\": 0, \"llm_tokens_used\": 0, "
         "\"previous_text\": \"\", \"previous_type\": \"\", \"previous_order\": 0}";
  out += ", \"line_count\": " + std::to_string(page.lines.size());
  if (page.orientation) out += ", \"orientation\": " + std::to_string(*page.orientation);
  out += '}';
}

}  // namespace

std::string RenderPageStats(const std::vector<DocumentPage>& pages) {
  std::string out = "[";
  for (std::size_t k = 0; k < pages.size(); ++k) {
    if (k > 0) out += ", ";
    AppendPageStats(out, pages[k]);
  }
  out += ']';
  return out;
}

}  // namespace onnxocr

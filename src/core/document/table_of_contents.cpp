#include "core/document/table_of_contents.h"

#include "core/document/json_geometry.h"
#include "core/document/reading_order.h"
#include "core/json_text.h"

namespace onnxocr {

std::string RenderTableOfContents(const std::vector<DocumentPage>& pages) {
  std::string out = "[";
  bool first = true;
  for (const DocumentPage& page : pages) {
    for (const TextBlock& block : GroupIntoBlocks(page)) {
      if (block.type != BlockType::kSectionHeader) continue;
      if (!first) out += ", ";
      first = false;
      out += "{\"title\": ";
      AppendJsonString(out, BlockText(block));
      out += ", \"heading_level\": " + std::to_string(block.heading_level);
      out += ", \"page_id\": " + std::to_string(page.page_id);
      out += ", \"polygon\": ";
      AppendPolygon(out, RectQuad(block.bbox));
      out += '}';
    }
  }
  out += ']';
  return out;
}

}  // namespace onnxocr

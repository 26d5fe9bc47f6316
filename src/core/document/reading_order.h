// Groups a page's text lines into paragraph blocks in reading order: columns
// left to right, full-width lines (titles) in place, top to bottom within a
// column. Pure functions over values; deterministic and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/ocr_types.h"
#include "core/opencv.h"

namespace onnxocr {

enum class BlockType { kText, kSectionHeader };

// marker's block type names: "Text", "SectionHeader".
std::string_view BlockTypeName(BlockType type);

struct TextBlock {
  std::vector<TextLine> lines;  // visual lines top to bottom; fragments of one line merged left to right
  cv::Rect2f bbox;              // union of the lines' boxes
  BlockType type = BlockType::kText;
  int heading_level = 0;  // 1 or 2 for kSectionHeader, 0 for kText
};

// Thresholds, in units of the page's median line height unless named otherwise.
struct ReadingOrderParams {
  float min_gutter_page_fraction = 0.02f;   // a column gap is wider than this share of the page width
  float min_gutter_line_heights = 1.5f;     // ... and wider than this many line heights
  float max_spanning_fraction = 0.5f;       // a gap may be crossed by at most this share of the peak x-coverage
  float min_column_line_fraction = 0.1f;    // each column holds at least this share of the non-spanning lines
  float same_line_min_overlap = 0.5f;       // vertical overlap over the smaller height to share a visual line
  float paragraph_gap_line_heights = 0.8f;  // a larger vertical gap starts a paragraph
  float indent_line_heights = 0.7f;         // a larger left-edge jump starts a paragraph
  float height_change_ratio = 1.4f;         // consecutive lines this different in height are separate blocks
  float header_min_height_ratio = 1.4f;     // one short line this tall (vs median) is a section header
  float header_level1_height_ratio = 2.0f;  // ... and this tall is a level-1 header
  int header_max_code_points = 80;          // "short" line
};

// Lines with blank text are dropped. Block order is reading order.
std::vector<TextBlock> GroupIntoBlocks(const DocumentPage& page, const ReadingOrderParams& params = {});

// The block's lines, cleaned (text_clean.h) and joined with spaces.
std::string BlockText(const TextBlock& block);

}  // namespace onnxocr

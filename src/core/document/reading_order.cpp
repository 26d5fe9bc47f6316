#include "core/document/reading_order.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>

#include "core/document/json_geometry.h"
#include "core/document/page_geometry.h"
#include "core/document/text_clean.h"
#include "core/geometry.h"

namespace onnxocr {
namespace {

// One input line with its axis-aligned box and text height.
struct PlacedLine {
  TextLine line;
  cv::Rect2f rect;
  float height = 0;  // mean of the box's left and right sides: robust to slight skew

  float Right() const { return rect.x + rect.width; }
  float Bottom() const { return rect.y + rect.height; }
  float CenterY() const { return rect.y + rect.height / 2; }
};

// A column gap: lines containing split_x in their x range span it.
struct Gutter {
  float split_x = 0;
  float gap_width = 0;
};

cv::Rect2f UnionRect(const cv::Rect2f& a, const cv::Rect2f& b) {
  const float x0 = std::min(a.x, b.x);
  const float y0 = std::min(a.y, b.y);
  const float x1 = std::max(a.x + a.width, b.x + b.width);
  const float y1 = std::max(a.y + a.height, b.y + b.height);
  return {x0, y0, x1 - x0, y1 - y0};
}

float Median(std::vector<float> values) {
  if (values.empty()) return 0;
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

std::vector<PlacedLine> PlaceLines(const DocumentPage& page) {
  std::vector<PlacedLine> placed;
  placed.reserve(page.lines.size());
  for (const TextLine& line : page.lines) {
    if (CleanText(line.text).empty()) continue;
    PlacedLine p{line, QuadBounds(line.box), 0};
    const Quad& q = line.box;
    p.height = (PointDistance(q[0], q[3]) + PointDistance(q[1], q[2])) / 2;
    if (!(p.height > 0)) p.height = p.rect.height;
    placed.push_back(std::move(p));
  }
  return placed;
}

float MedianHeight(const std::vector<PlacedLine>& lines) {
  std::vector<float> heights;
  heights.reserve(lines.size());
  for (const PlacedLine& line : lines) heights.push_back(line.height);
  return Median(std::move(heights));
}

// ---- Columns -------------------------------------------------------------

// Number of boxes covering the open x interval that starts at boundary `x`.
int CoverageAfter(float x, const std::vector<float>& sorted_starts, const std::vector<float>& sorted_ends) {
  const auto started = std::upper_bound(sorted_starts.begin(), sorted_starts.end(), x) - sorted_starts.begin();
  const auto ended = std::upper_bound(sorted_ends.begin(), sorted_ends.end(), x) - sorted_ends.begin();
  return static_cast<int>(started - ended);
}

// Elementary x intervals between consecutive box edges, with how many boxes cover each.
struct CoverageInterval {
  float x0 = 0;
  float x1 = 0;
  int count = 0;
};

std::vector<CoverageInterval> XCoverage(const std::vector<PlacedLine>& lines) {
  std::vector<float> starts, ends, edges;
  for (const PlacedLine& line : lines) {
    starts.push_back(line.rect.x);
    ends.push_back(line.Right());
  }
  std::sort(starts.begin(), starts.end());
  std::sort(ends.begin(), ends.end());
  edges = starts;
  edges.insert(edges.end(), ends.begin(), ends.end());
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  std::vector<CoverageInterval> intervals;
  for (std::size_t k = 0; k + 1 < edges.size(); ++k) {
    intervals.push_back({edges[k], edges[k + 1], CoverageAfter(edges[k], starts, ends)});
  }
  return intervals;
}

// Midpoint of the widest stretch of least coverage inside intervals[begin, end).
float LeastCoveredMidpoint(const std::vector<CoverageInterval>& intervals, std::size_t begin, std::size_t end) {
  int least = intervals[begin].count;
  for (std::size_t k = begin; k < end; ++k) least = std::min(least, intervals[k].count);
  float best_x0 = 0, best_width = -1;
  for (std::size_t k = begin; k < end;) {
    if (intervals[k].count != least) {
      ++k;
      continue;
    }
    const float x0 = intervals[k].x0;
    while (k < end && intervals[k].count == least) ++k;
    const float width = intervals[k - 1].x1 - x0;
    if (width > best_width) best_x0 = x0, best_width = width;
  }
  return best_x0 + best_width / 2;
}

// A gutter at split_x if the lines wholly left and right of it leave a wide
// enough gap and outnumber the lines spanning it.
bool MakeGutter(const std::vector<PlacedLine>& lines, float split_x, float min_gap, Gutter& gutter) {
  float gap_left = 0, gap_right = 0;
  int left = 0, right = 0, spanning = 0;
  for (const PlacedLine& line : lines) {
    if (line.Right() <= split_x) {
      gap_left = left++ == 0 ? line.Right() : std::max(gap_left, line.Right());
    } else if (line.rect.x >= split_x) {
      gap_right = right++ == 0 ? line.rect.x : std::min(gap_right, line.rect.x);
    } else {
      ++spanning;
    }
  }
  if (left == 0 || right == 0 || spanning >= std::min(left, right)) return false;
  if (gap_right - gap_left <= min_gap) return false;
  gutter = {split_x, gap_right - gap_left};
  return true;
}

std::vector<Gutter> FindGutterCandidates(const std::vector<PlacedLine>& lines, float page_width, float median_height,
                                         const ReadingOrderParams& params) {
  const std::vector<CoverageInterval> intervals = XCoverage(lines);
  int peak = 0;
  for (const CoverageInterval& interval : intervals) peak = std::max(peak, interval.count);
  const int max_crossing = static_cast<int>(std::floor(params.max_spanning_fraction * static_cast<float>(peak)));
  const float min_gap =
      std::max(params.min_gutter_page_fraction * page_width, params.min_gutter_line_heights * median_height);
  std::vector<Gutter> gutters;
  for (std::size_t k = 0; k < intervals.size();) {
    if (intervals[k].count > max_crossing) {
      ++k;
      continue;
    }
    const std::size_t begin = k;
    while (k < intervals.size() && intervals[k].count <= max_crossing) ++k;
    Gutter gutter;
    if (MakeGutter(lines, LeastCoveredMidpoint(intervals, begin, k), min_gap, gutter)) gutters.push_back(gutter);
  }
  return gutters;
}

bool Spans(const PlacedLine& line, const Gutter& gutter) {
  return line.rect.x < gutter.split_x && gutter.split_x < line.Right();
}

// Column index of a line that spans no gutter, or -1 for a spanning line.
int ColumnOf(const PlacedLine& line, const std::vector<Gutter>& gutters) {
  int column = 0;
  for (const Gutter& gutter : gutters) {
    if (Spans(line, gutter)) return -1;
    if (gutter.split_x <= line.rect.x) ++column;
  }
  return column;
}

// Drops gutters until every column holds enough lines to be a column.
std::vector<Gutter> SelectGutters(const std::vector<PlacedLine>& lines, std::vector<Gutter> gutters,
                                  const ReadingOrderParams& params) {
  while (!gutters.empty()) {
    std::vector<int> counts(gutters.size() + 1, 0);
    int placed = 0;
    for (const PlacedLine& line : lines) {
      const int column = ColumnOf(line, gutters);
      if (column >= 0) ++counts[static_cast<std::size_t>(column)], ++placed;
    }
    const int required =
        std::max(2, static_cast<int>(std::ceil(params.min_column_line_fraction * static_cast<float>(placed))));
    const auto weakest = static_cast<std::size_t>(std::min_element(counts.begin(), counts.end()) - counts.begin());
    if (counts[weakest] >= required) break;
    std::size_t drop = weakest == 0 ? 0 : weakest - 1;
    if (weakest > 0 && weakest < gutters.size() && gutters[weakest].gap_width < gutters[weakest - 1].gap_width) {
      drop = weakest;
    }
    gutters.erase(gutters.begin() + static_cast<std::ptrdiff_t>(drop));
  }
  return gutters;
}

// ---- Lines and paragraphs -------------------------------------------------

bool ShareVisualLine(const cv::Rect2f& a, const cv::Rect2f& b, float min_overlap) {
  const float overlap = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
  return overlap > 0 && overlap > min_overlap * std::min(a.height, b.height);
}

PlacedLine JoinFragments(std::vector<PlacedLine> fragments) {
  if (fragments.size() == 1) return std::move(fragments.front());
  std::stable_sort(fragments.begin(), fragments.end(),
                   [](const PlacedLine& a, const PlacedLine& b) { return a.rect.x < b.rect.x; });
  PlacedLine joined = fragments.front();
  double confidence_sum = fragments.front().line.confidence;
  for (std::size_t k = 1; k < fragments.size(); ++k) {
    joined.line.text += ' ';
    joined.line.text += fragments[k].line.text;
    if (joined.line.words && fragments[k].line.words) {
      joined.line.words->insert(joined.line.words->end(), fragments[k].line.words->begin(),
                                fragments[k].line.words->end());
    }
    joined.rect = UnionRect(joined.rect, fragments[k].rect);
    joined.height = std::max(joined.height, fragments[k].height);
    confidence_sum += fragments[k].line.confidence;
  }
  joined.line.confidence = static_cast<float>(confidence_sum / static_cast<double>(fragments.size()));
  joined.line.box = RectQuad(joined.rect);
  return joined;
}

// Sorts a column's lines top to bottom and merges fragments of one visual line.
std::vector<PlacedLine> MergeVisualLines(std::vector<PlacedLine> lines, const ReadingOrderParams& params) {
  std::stable_sort(lines.begin(), lines.end(), [](const PlacedLine& a, const PlacedLine& b) {
    return a.rect.y != b.rect.y ? a.rect.y < b.rect.y : a.rect.x < b.rect.x;
  });
  std::vector<PlacedLine> visual_lines;
  std::vector<PlacedLine> fragments;
  cv::Rect2f fragments_rect;
  for (PlacedLine& line : lines) {
    if (!fragments.empty() && !ShareVisualLine(fragments_rect, line.rect, params.same_line_min_overlap)) {
      visual_lines.push_back(JoinFragments(std::move(fragments)));
      fragments.clear();
    }
    fragments_rect = fragments.empty() ? line.rect : UnionRect(fragments_rect, line.rect);
    fragments.push_back(std::move(line));
  }
  if (!fragments.empty()) visual_lines.push_back(JoinFragments(std::move(fragments)));
  return visual_lines;
}

bool StartsParagraph(const std::vector<PlacedLine>& paragraph, const PlacedLine& next, float median_height,
                     const ReadingOrderParams& params) {
  const PlacedLine& previous = paragraph.back();
  const float indent = params.indent_line_heights * median_height;
  if (next.rect.y - previous.Bottom() > params.paragraph_gap_line_heights * median_height) return true;
  if (next.rect.x - previous.rect.x > indent) return true;                          // first-line indent
  if (previous.rect.x - next.rect.x > indent && paragraph.size() > 1) return true;  // end of an indented run
  const float taller = std::max(previous.height, next.height);
  const float shorter = std::min(previous.height, next.height);
  return shorter > 0 && taller > params.height_change_ratio * shorter;
}

TextBlock MakeBlock(std::vector<PlacedLine> paragraph, float median_height, const ReadingOrderParams& params) {
  TextBlock block;
  block.bbox = paragraph.front().rect;
  for (PlacedLine& line : paragraph) {
    block.bbox = UnionRect(block.bbox, line.rect);
    block.lines.push_back(std::move(line.line));
  }
  if (paragraph.size() == 1 && median_height > 0) {
    const float ratio = paragraph.front().height / median_height;
    const bool is_short =
        CodePointCount(CleanText(block.lines.front().text)) <= static_cast<std::size_t>(params.header_max_code_points);
    if (is_short && ratio >= params.header_min_height_ratio) {
      block.type = BlockType::kSectionHeader;
      block.heading_level = ratio >= params.header_level1_height_ratio ? 1 : 2;
    }
  }
  return block;
}

// Appends one region's (a column's, or a run of full-width lines') paragraphs.
void AppendRegionBlocks(std::vector<PlacedLine> region, float median_height, const ReadingOrderParams& params,
                        std::vector<TextBlock>& blocks) {
  if (region.empty()) return;
  std::vector<PlacedLine> paragraph;
  for (PlacedLine& line : MergeVisualLines(std::move(region), params)) {
    if (!paragraph.empty() && StartsParagraph(paragraph, line, median_height, params)) {
      blocks.push_back(MakeBlock(std::move(paragraph), median_height, params));
      paragraph.clear();
    }
    paragraph.push_back(std::move(line));
  }
  blocks.push_back(MakeBlock(std::move(paragraph), median_height, params));
}

}  // namespace

std::string_view BlockTypeName(BlockType type) {
  switch (type) {
    case BlockType::kText: return "Text";
    case BlockType::kSectionHeader: return "SectionHeader";
  }
  return "Text";
}

namespace {

std::vector<TextBlock> GroupUprightPage(const DocumentPage& page, const ReadingOrderParams& params) {
  std::vector<PlacedLine> lines = PlaceLines(page);
  std::vector<TextBlock> blocks;
  if (lines.empty()) return blocks;
  const float median_height = MedianHeight(lines);
  float page_width = static_cast<float>(page.width);
  for (const PlacedLine& line : lines) page_width = std::max(page_width, line.Right());

  const std::vector<Gutter> gutters =
      SelectGutters(lines, FindGutterCandidates(lines, page_width, median_height, params), params);

  // Spanning lines cut the page into bands; each band is read column by column.
  std::vector<PlacedLine> spanning;
  std::vector<std::pair<int, PlacedLine>> columned;
  for (PlacedLine& line : lines) {
    const int column = ColumnOf(line, gutters);
    if (column < 0) {
      spanning.push_back(std::move(line));
    } else {
      columned.emplace_back(column, std::move(line));
    }
  }
  std::stable_sort(spanning.begin(), spanning.end(),
                   [](const PlacedLine& a, const PlacedLine& b) { return a.CenterY() < b.CenterY(); });
  const std::size_t column_count = gutters.size() + 1;
  std::vector<std::vector<std::vector<PlacedLine>>> bands(spanning.size() + 1,
                                                          std::vector<std::vector<PlacedLine>>(column_count));
  for (auto& [column, line] : columned) {
    const auto band = std::upper_bound(spanning.begin(), spanning.end(), line.CenterY(),
                                       [](float y, const PlacedLine& s) { return y < s.CenterY(); }) -
                      spanning.begin();
    bands[static_cast<std::size_t>(band)][static_cast<std::size_t>(column)].push_back(std::move(line));
  }

  std::vector<PlacedLine> full_width;
  for (std::size_t band = 0; band < bands.size(); ++band) {
    const bool band_has_lines =
        std::any_of(bands[band].begin(), bands[band].end(), [](const auto& column) { return !column.empty(); });
    if (band_has_lines) {
      AppendRegionBlocks(std::move(full_width), median_height, params, blocks);
      full_width.clear();
      for (auto& column : bands[band]) AppendRegionBlocks(std::move(column), median_height, params, blocks);
    }
    if (band < spanning.size()) full_width.push_back(std::move(spanning[band]));
  }
  AppendRegionBlocks(std::move(full_width), median_height, params, blocks);
  return blocks;
}

}  // namespace

std::vector<TextBlock> GroupIntoBlocks(const DocumentPage& page, const ReadingOrderParams& params) {
  const int turn = page.orientation.value_or(0);
  if (turn == 0) return GroupUprightPage(page, params);
  // A turned page is read upright; its blocks go back into the picture's coordinates.
  std::vector<TextBlock> blocks = GroupUprightPage(UprightPage(page), params);
  const auto to_source = [&](cv::Point2f point) {
    return UprightToSource(point, turn, page.width, page.height);
  };
  for (TextBlock& block : blocks) {
    for (TextLine& line : block.lines) MapLineCorners(line, to_source);
    Quad corners = RectQuad(block.bbox);
    for (cv::Point2f& point : corners) point = to_source(point);
    block.bbox = QuadBounds(corners);
  }
  return blocks;
}

std::string BlockText(const TextBlock& block) {
  std::string text;
  for (const TextLine& line : block.lines) {
    const std::string cleaned = CleanText(line.text);
    if (cleaned.empty()) continue;
    if (!text.empty()) text += ' ';
    text += cleaned;
  }
  return text;
}

}  // namespace onnxocr

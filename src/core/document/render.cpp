#include "core/document/render.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <utility>

#include "core/document/hocr.h"
#include "core/document/json_geometry.h"
#include "core/document/reading_order.h"
#include "core/document/text_clean.h"
#include "core/json_text.h"

namespace onnxocr {
namespace {

constexpr std::size_t kPageSeparatorDashes = 48;  // marker's page_separator: '-' * 48

struct LaidOutPage {
  const DocumentPage* page = nullptr;
  std::vector<TextBlock> blocks;
  cv::Rect2f bounds;  // (0, 0, width, height); from the lines' extent when the page has no size
};

std::vector<LaidOutPage> LayOut(const std::vector<DocumentPage>& pages) {
  std::vector<LaidOutPage> laid_out;
  laid_out.reserve(pages.size());
  for (const DocumentPage& page : pages) {
    LaidOutPage out{&page, GroupIntoBlocks(page), {}};
    float width = static_cast<float>(page.width), height = static_cast<float>(page.height);
    for (const TextBlock& block : out.blocks) {
      if (!(page.width > 0)) width = std::max(width, block.bbox.x + block.bbox.width);
      if (!(page.height > 0)) height = std::max(height, block.bbox.y + block.bbox.height);
    }
    out.bounds = cv::Rect2f(0, 0, std::max(width, 0.0f), std::max(height, 0.0f));
    laid_out.push_back(std::move(out));
  }
  return laid_out;
}

bool IsAsciiPunctuation(char c) {
  return std::ispunct(static_cast<unsigned char>(c)) != 0;
}
bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}

// True when text[i] == '&' starts something a markdown renderer reads as an entity.
bool StartsEntity(std::string_view text, std::size_t i) {
  std::size_t k = i + 1;
  while (k < text.size() && (std::isalnum(static_cast<unsigned char>(text[k])) != 0 || text[k] == '#')) ++k;
  return k > i + 1 && k < text.size() && text[k] == ';';
}

// Length of a leading "12." / "3)" ordered-list marker's digits, or 0.
std::size_t OrderedListDigits(std::string_view text) {
  std::size_t k = 0;
  while (k < text.size() && k < 10 && IsAsciiDigit(text[k])) ++k;
  return k > 0 && k < text.size() && (text[k] == '.' || text[k] == ')') ? k : 0;
}

// Backslash-escapes what markdown would read as markup, so text stays text.
// `text` is one cleaned paragraph (a single markdown line).
void AppendMarkdownEscaped(std::string& out, std::string_view text, bool in_heading) {
  constexpr std::string_view kAlways = "*_`$<";
  constexpr std::string_view kAtLineStart = "#>-+=~|";
  const std::size_t list_digits = OrderedListDigits(text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool next_is_punct = i + 1 < text.size() && IsAsciiPunctuation(text[i + 1]);
    const bool escape = kAlways.find(c) != std::string_view::npos ||
                        (i == 0 && kAtLineStart.find(c) != std::string_view::npos) ||
                        (list_digits > 0 && i == list_digits) || (c == '\\' && next_is_punct) ||
                        (c == ']' && i + 1 < text.size() && text[i + 1] == '(') ||
                        (c == '&' && StartsEntity(text, i)) || (in_heading && c == '#');
    if (escape) out += '\\';
    out += c;
  }
}


// marker's block html: <p block-type='Text'>..</p> or <hN>..</hN>.
std::string BlockHtml(const TextBlock& block) {
  std::string html;
  const std::string text = BlockText(block);
  if (block.type == BlockType::kSectionHeader) {
    const std::string tag = "h" + std::to_string(block.heading_level > 0 ? block.heading_level : 2);
    html += "<" + tag + ">";
    AppendHtmlEscaped(html, text);
    html += "</" + tag + ">";
  } else {
    html += "<p block-type='Text'>";
    AppendHtmlEscaped(html, text);
    html += "</p>";
  }
  return html;
}

std::string PageMarker(int page_id) {
  return "{" + std::to_string(page_id) + "}" + std::string(kPageSeparatorDashes, '-');
}

// ---- markdown and text --------------------------------------------------------

void AppendParagraphs(std::string& out, const LaidOutPage& page, bool as_markdown) {
  for (const TextBlock& block : page.blocks) {
    const std::string text = BlockText(block);
    if (text.empty()) continue;
    if (!out.empty() && !out.ends_with("\n\n")) out += "\n\n";
    if (!as_markdown) {
      out += text;
      continue;
    }
    const bool heading = block.type == BlockType::kSectionHeader;
    if (heading) out += block.heading_level == 1 ? "# " : "## ";
    AppendMarkdownEscaped(out, text, heading);
  }
}

// marker's pagination: "\n\n{N}" + 48 dashes + "\n\n" before each page, blank
// runs collapsed to one blank line, no trailing newline after the last text.
std::string RenderParagraphs(const std::vector<LaidOutPage>& pages, bool paginate, bool as_markdown) {
  std::string out;
  for (const LaidOutPage& page : pages) {
    if (paginate) {
      if (!out.ends_with("\n\n")) out += "\n\n";
      out += PageMarker(page.page->page_id);
      out += "\n\n";
    }
    AppendParagraphs(out, page, as_markdown);
  }
  return out;
}

// ---- html -----------------------------------------------------------------------

std::string RenderHtml(const std::vector<LaidOutPage>& pages, bool paginate) {
  std::string out = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\" />\n</head>\n<body>\n";
  for (const LaidOutPage& page : pages) {
    if (paginate) out += "<div class='page' data-page-id='" + std::to_string(page.page->page_id) + "'>\n";
    for (const TextBlock& block : page.blocks) out += BlockHtml(block) + "\n";
    if (paginate) out += "</div>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

// ---- json and chunks --------------------------------------------------------------

void AppendKey(std::string& out, std::string_view key) {
  AppendJsonString(out, key);
  out += ": ";
}

void AppendStringField(std::string& out, std::string_view key, std::string_view value) {
  AppendKey(out, key);
  AppendJsonString(out, value);
}

// marker's section_hierarchy: heading level -> id of the section header in force.
class SectionHierarchy {
 public:
  void Enter(int level, std::string id) {
    levels_.erase(levels_.lower_bound(level), levels_.end());
    levels_[level] = std::move(id);
  }
  void AppendJson(std::string& out) const {
    out += '{';
    for (auto it = levels_.begin(); it != levels_.end(); ++it) {
      if (it != levels_.begin()) out += ", ";
      AppendStringField(out, std::to_string(it->first), it->second);
    }
    out += '}';
  }

 private:
  std::map<int, std::string> levels_;
};

std::string BlockId(int page_id, std::string_view type, std::size_t index) {
  return "/page/" + std::to_string(page_id) + "/" + std::string(type) + "/" + std::to_string(index);
}

// Fields every block shares, in marker's order: id, block_type, html, polygon, bbox.
void AppendBlockHead(std::string& out, std::string_view id, std::string_view type, std::string_view html,
                     const Quad& polygon, const cv::Rect2f& bbox) {
  AppendStringField(out, "id", id);
  out += ", ";
  AppendStringField(out, "block_type", type);
  out += ", ";
  AppendStringField(out, "html", html);
  out += ", ";
  AppendKey(out, "polygon");
  AppendPolygon(out, polygon);
  out += ", ";
  AppendKey(out, "bbox");
  AppendBBox(out, bbox);
}

void AppendLineJson(std::string& out, const TextLine& line, const std::string& id, const SectionHierarchy& sections) {
  std::string html;
  AppendHtmlEscaped(html, CleanText(line.text));
  out += '{';
  AppendBlockHead(out, id, "Line", html, line.box, QuadBounds(line.box));
  out += ", \"children\": null, \"section_hierarchy\": ";
  sections.AppendJson(out);
  out += ", \"images\": {}, ";
  AppendStringField(out, "text", line.text);
  out += ", ";
  AppendKey(out, "confidence");
  AppendJsonNumber(out, static_cast<double>(line.confidence));
  out += '}';
}

// Walks the document's blocks in order, keeping ids and section hierarchy as marker does.
class BlockWalker {
 public:
  void StartPage(const LaidOutPage& page) {
    page_ = &page;
    next_line_index_ = page.blocks.size();  // marker numbers a page's lines after its blocks
  }
  std::string IdOf(std::size_t block_index) const {
    return BlockId(page_->page->page_id, BlockTypeName(page_->blocks[block_index].type), block_index);
  }
  // Updates the hierarchy for block `block_index`; call once per block, in order.
  void Visit(std::size_t block_index) {
    const TextBlock& block = page_->blocks[block_index];
    if (block.type == BlockType::kSectionHeader) sections_.Enter(block.heading_level, IdOf(block_index));
  }
  std::string NextLineId() { return BlockId(page_->page->page_id, "Line", next_line_index_++); }
  const SectionHierarchy& sections() const { return sections_; }

 private:
  const LaidOutPage* page_ = nullptr;
  std::size_t next_line_index_ = 0;
  SectionHierarchy sections_;
};

// A block with its lines as children; `page_id` >= 0 adds a "page" key (chunks).
void AppendBlockJson(std::string& out, BlockWalker& walker, std::size_t block_index, const TextBlock& block,
                     int page_id = -1) {
  walker.Visit(block_index);
  out += '{';
  AppendBlockHead(out, walker.IdOf(block_index), BlockTypeName(block.type), BlockHtml(block), RectQuad(block.bbox),
                  block.bbox);
  if (page_id >= 0) out += ", \"page\": " + std::to_string(page_id);
  out += ", \"children\": [";
  for (std::size_t k = 0; k < block.lines.size(); ++k) {
    if (k > 0) out += ", ";
    AppendLineJson(out, block.lines[k], walker.NextLineId(), walker.sections());
  }
  out += "], \"section_hierarchy\": ";
  walker.sections().AppendJson(out);
  out += ", \"images\": {}}";
}

void AppendPageJson(std::string& out, BlockWalker& walker, const LaidOutPage& page) {
  walker.StartPage(page);
  std::string html;
  for (std::size_t k = 0; k < page.blocks.size(); ++k)
    html += "<content-ref src='" + walker.IdOf(k) + "'></content-ref>";
  out += '{';
  AppendBlockHead(out, BlockId(page.page->page_id, "Page", 0), "Page", html, RectQuad(page.bounds), page.bounds);
  out += ", \"children\": [";
  for (std::size_t k = 0; k < page.blocks.size(); ++k) {
    if (k > 0) out += ", ";
    AppendBlockJson(out, walker, k, page.blocks[k]);
  }
  out += "], \"section_hierarchy\": ";
  walker.sections().AppendJson(out);
  out += ", \"images\": null}";
}

// marker's JSONOutput without metadata (as its server returns it).
std::string RenderJson(const std::vector<LaidOutPage>& pages) {
  std::string out = "{\"children\": [";
  BlockWalker walker;
  for (std::size_t k = 0; k < pages.size(); ++k) {
    if (k > 0) out += ", ";
    AppendPageJson(out, walker, pages[k]);
  }
  out += "], \"block_type\": \"Document\"}";
  return out;
}

// marker's ChunkOutput: the pages' top-level blocks, flattened, each naming
// its page and carrying its lines as children (page -> block -> line).
std::string RenderChunks(const std::vector<LaidOutPage>& pages) {
  std::string out = "{\"blocks\": [";
  BlockWalker walker;
  bool first = true;
  for (const LaidOutPage& page : pages) {
    walker.StartPage(page);
    for (std::size_t k = 0; k < page.blocks.size(); ++k) {
      if (!first) out += ", ";
      first = false;
      AppendBlockJson(out, walker, k, page.blocks[k], page.page->page_id);
    }
  }
  out += "], \"page_info\": {";
  for (std::size_t k = 0; k < pages.size(); ++k) {
    if (k > 0) out += ", ";
    AppendKey(out, std::to_string(pages[k].page->page_id));
    out += "{\"bbox\": ";
    AppendBBox(out, pages[k].bounds);
    out += ", \"polygon\": ";
    AppendPolygon(out, RectQuad(pages[k].bounds));
    out += '}';
  }
  out += "}, \"metadata\": {}}";
  return out;
}

}  // namespace

Result<OutputFormat> ParseOutputFormat(std::string_view name) {
  for (const OutputFormat format : {OutputFormat::kMarkdown, OutputFormat::kJson, OutputFormat::kHtml,
                                    OutputFormat::kChunks, OutputFormat::kText, OutputFormat::kHocr,
                                    OutputFormat::kPdf}) {
    if (name == OutputFormatName(format)) return format;
  }
  return MakeError(
      ErrorCode::kInvalidArgument,
      "output_format must be one of markdown, json, html, chunks, text, hocr, pdf; got '" + CleanText(name.substr(0, 32)) + "'");
}

std::string_view OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kMarkdown: return "markdown";
    case OutputFormat::kJson: return "json";
    case OutputFormat::kHtml: return "html";
    case OutputFormat::kChunks: return "chunks";
    case OutputFormat::kText: return "text";
    case OutputFormat::kHocr: return "hocr";
    case OutputFormat::kPdf: return "pdf";
  }
  return "markdown";
}

std::string RenderDocument(const std::vector<DocumentPage>& pages, OutputFormat format, bool paginate) {
  if (format == OutputFormat::kHocr) return RenderHocr(pages);
  const std::vector<LaidOutPage> laid_out = LayOut(pages);
  switch (format) {
    case OutputFormat::kMarkdown: return RenderParagraphs(laid_out, paginate, /*as_markdown=*/true);
    case OutputFormat::kText: return RenderParagraphs(laid_out, paginate, /*as_markdown=*/false);
    case OutputFormat::kHtml: return RenderHtml(laid_out, paginate);
    case OutputFormat::kJson: return RenderJson(laid_out);
    case OutputFormat::kChunks: return RenderChunks(laid_out);
    case OutputFormat::kHocr:
    case OutputFormat::kPdf: break;
  }
  return {};
}

}  // namespace onnxocr

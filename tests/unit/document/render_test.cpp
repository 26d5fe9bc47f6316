#include "core/document/render.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "test_pages.h"

namespace onnxocr {
namespace {

using testing::Line;
using testing::Page;

const std::string kDashes(48, '-');

std::string Marker(int page_id) {
  return "\n\n{" + std::to_string(page_id) + "}" + kDashes + "\n\n";
}

std::vector<DocumentPage> OneLinePages(const std::vector<std::string>& texts) {
  std::vector<DocumentPage> pages;
  for (std::size_t k = 0; k < texts.size(); ++k) {
    std::vector<TextLine> lines;
    if (!texts[k].empty()) lines.push_back(Line(texts[k], 50, 100, 300));
    pages.push_back(Page(std::move(lines), static_cast<int>(k)));
  }
  return pages;
}

std::string_view Str(simdjson::dom::element element) {
  return std::string_view(element);
}

TEST(RenderTest, ParsesTheFiveFormatNames) {
  for (const OutputFormat format : {OutputFormat::kMarkdown, OutputFormat::kJson, OutputFormat::kHtml,
                                    OutputFormat::kChunks, OutputFormat::kText}) {
    const Result<OutputFormat> parsed = ParseOutputFormat(OutputFormatName(format));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, format);
  }
  const Result<OutputFormat> bad = ParseOutputFormat("Markdown");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("markdown, json, html, chunks, text"), std::string::npos);
  EXPECT_FALSE(ParseOutputFormat("").ok());
}

TEST(RenderTest, MarkdownSeparatesParagraphsAndMarksHeaders) {
  EXPECT_EQ(RenderDocument({testing::TwoColumnPage()}, OutputFormat::kMarkdown, false),
            "# Title\n\nL1a L1b\n\nL2a L2b\n\nR1a R1b\n\nR2a R2b");
}

TEST(RenderTest, MarkdownPaginatesAsMarker) {
  EXPECT_EQ(RenderDocument(OneLinePages({"Hello", "World"}), OutputFormat::kMarkdown, true),
            Marker(0) + "Hello" + Marker(1) + "World");
  // An empty page adds its marker only; blank lines never pile up.
  EXPECT_EQ(RenderDocument(OneLinePages({"Hello", "", "World"}), OutputFormat::kMarkdown, true),
            Marker(0) + "Hello" + Marker(1).substr(0, Marker(1).size() - 2) + Marker(2) + "World");
  EXPECT_EQ(RenderDocument(OneLinePages({"Hello", ""}), OutputFormat::kMarkdown, true),
            Marker(0) + "Hello" + Marker(1));
  EXPECT_EQ(RenderDocument(OneLinePages({"Hello", "World"}), OutputFormat::kMarkdown, false), "Hello\n\nWorld");
}

TEST(RenderTest, MarkdownEscapesMarkupSoTextStaysText) {
  const auto markdown = [](std::string text) {
    return RenderDocument(OneLinePages({std::move(text)}), OutputFormat::kMarkdown, false);
  };
  EXPECT_EQ(markdown("# not *a* heading_x `c` $5 <script>"), "\\# not \\*a\\* heading\\_x \\`c\\` \\$5 \\<script>");
  EXPECT_EQ(markdown("1. item"), "1\\. item");
  EXPECT_EQ(markdown("- dash > quote"), "\\- dash > quote");
  EXPECT_EQ(markdown("a\\*b c\\d"), "a\\\\\\*b c\\d");
  EXPECT_EQ(markdown("[x](y) AT&T &amp;"), "[x\\](y) AT&T \\&amp;");
  EXPECT_EQ(markdown("two\nlines\there"), "two lines here");
}

TEST(RenderTest, TextIsPlainParagraphs) {
  const std::vector<DocumentPage> pages = {testing::TwoColumnPage()};
  EXPECT_EQ(RenderDocument(pages, OutputFormat::kText, false), "Title\n\nL1a L1b\n\nL2a L2b\n\nR1a R1b\n\nR2a R2b");
  EXPECT_EQ(RenderDocument(OneLinePages({"*a*", "b"}), OutputFormat::kText, true), Marker(0) + "*a*" + Marker(1) + "b");
}

TEST(RenderTest, HtmlUsesMarkersTagsAndPageDivs) {
  const std::string html = RenderDocument({testing::TwoColumnPage()}, OutputFormat::kHtml, true);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\" />\n</head>\n<body>\n", 0), 0u);
  EXPECT_NE(html.find("<div class='page' data-page-id='0'>\n<h1>Title</h1>\n<p block-type='Text'>L1a L1b</p>\n"),
            std::string::npos);
  EXPECT_NE(html.find("</div>\n</body>\n</html>\n"), std::string::npos);
  EXPECT_EQ(RenderDocument({testing::TwoColumnPage()}, OutputFormat::kHtml, false).find("<div"), std::string::npos);
}

TEST(RenderTest, HtmlEscapesHostileText) {
  const std::string html =
      RenderDocument(OneLinePages({"<script>alert(\"x\")</script> & 'q'"}), OutputFormat::kHtml, false);
  EXPECT_NE(html.find("<p block-type='Text'>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>"),
            std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(RenderTest, JsonFollowsMarkersSchema) {
  const std::string json = RenderDocument({testing::TwoColumnPage(), Page({}, 1)}, OutputFormat::kJson, false);
  simdjson::dom::parser parser;
  const simdjson::dom::element root = parser.parse(json);
  EXPECT_EQ(Str(root["block_type"]), "Document");
  const simdjson::dom::array pages = root["children"].get_array();
  ASSERT_EQ(pages.size(), 2u);

  const simdjson::dom::element page = pages.at(0);
  EXPECT_EQ(Str(page["id"]), "/page/0/Page/0");
  EXPECT_EQ(Str(page["block_type"]), "Page");
  EXPECT_EQ(Str(page["html"]).substr(0, 63), "<content-ref src='/page/0/SectionHeader/0'></content-ref><conte");
  EXPECT_EQ(double(page["bbox"].at(2)), 1000.0);
  EXPECT_EQ(double(page["polygon"].at(2).at(1)), 1400.0);
  EXPECT_TRUE(page["images"].is_null());

  const simdjson::dom::array blocks = page["children"].get_array();
  ASSERT_EQ(blocks.size(), 5u);
  const simdjson::dom::element title = blocks.at(0);
  EXPECT_EQ(Str(title["id"]), "/page/0/SectionHeader/0");
  EXPECT_EQ(Str(title["block_type"]), "SectionHeader");
  EXPECT_EQ(Str(title["html"]), "<h1>Title</h1>");
  EXPECT_EQ(Str(title["section_hierarchy"]["1"]), "/page/0/SectionHeader/0");

  const simdjson::dom::element text = blocks.at(1);
  EXPECT_EQ(Str(text["id"]), "/page/0/Text/1");
  EXPECT_EQ(Str(text["block_type"]), "Text");
  EXPECT_EQ(Str(text["html"]), "<p block-type='Text'>L1a L1b</p>");
  EXPECT_EQ(double(text["bbox"].at(0)), 80.0);
  EXPECT_EQ(double(text["bbox"].at(3)), 245.0);
  EXPECT_EQ(text["polygon"].get_array().size(), 4u);
  EXPECT_EQ(text["images"].get_object().size(), 0u);
  EXPECT_EQ(Str(text["section_hierarchy"]["1"]), "/page/0/SectionHeader/0");

  const simdjson::dom::array lines = text["children"].get_array();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(Str(lines.at(0)["id"]), "/page/0/Line/6");  // lines are numbered after the page's 5 blocks
  EXPECT_EQ(Str(lines.at(0)["block_type"]), "Line");
  EXPECT_EQ(Str(lines.at(0)["text"]), "L1a");
  EXPECT_EQ(Str(lines.at(0)["html"]), "L1a");
  EXPECT_NEAR(double(lines.at(0)["confidence"]), 0.9, 1e-6);
  EXPECT_EQ(double(lines.at(0)["polygon"].at(1).at(0)), 480.0);

  EXPECT_EQ(Str(pages.at(1)["id"]), "/page/1/Page/0");
  EXPECT_EQ(pages.at(1)["children"].get_array().size(), 0u);
  // The section in force carries over to the next page.
  EXPECT_EQ(Str(pages.at(1)["section_hierarchy"]["1"]), "/page/0/SectionHeader/0");
}

TEST(RenderTest, ChunksFlattenBlocksWithPageInfo) {
  const std::string json =
      RenderDocument({testing::TwoColumnPage(), OneLinePages({"", "x"})[1]}, OutputFormat::kChunks, false);
  simdjson::dom::parser parser;
  const simdjson::dom::element root = parser.parse(json);
  const simdjson::dom::array blocks = root["blocks"].get_array();
  ASSERT_EQ(blocks.size(), 6u);
  EXPECT_EQ(Str(blocks.at(0)["id"]), "/page/0/SectionHeader/0");
  EXPECT_EQ(int64_t(blocks.at(0)["page"]), 0);
  EXPECT_EQ(Str(blocks.at(4)["html"]), "<p block-type='Text'>R2a R2b</p>");
  EXPECT_EQ(Str(blocks.at(5)["id"]), "/page/1/Text/0");
  EXPECT_EQ(int64_t(blocks.at(5)["page"]), 1);
  EXPECT_EQ(Str(blocks.at(5)["block_type"]), "Text");
  EXPECT_EQ(blocks.at(5)["bbox"].get_array().size(), 4u);
  EXPECT_EQ(blocks.at(5)["polygon"].get_array().size(), 4u);
  EXPECT_EQ(Str(blocks.at(5)["section_hierarchy"]["1"]), "/page/0/SectionHeader/0");
  EXPECT_EQ(blocks.at(5)["images"].get_object().size(), 0u);
  // page -> block -> line: each chunk carries its lines with polygons.
  const simdjson::dom::array lines = blocks.at(5)["children"].get_array();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(Str(lines.at(0)["block_type"]), "Line");
  EXPECT_EQ(Str(lines.at(0)["text"]), "x");
  EXPECT_EQ(lines.at(0)["polygon"].get_array().size(), 4u);
  EXPECT_EQ(double(root["page_info"]["1"]["bbox"].at(3)), 1400.0);
  EXPECT_EQ(root["page_info"]["0"]["polygon"].get_array().size(), 4u);
  EXPECT_EQ(root["metadata"].get_object().size(), 0u);
}

TEST(RenderTest, HostileTextKeepsJsonValid) {
  const std::string hostile = std::string("q\"uote \\back\nline <script>&</script> \x01 bad\xff\xfe utf8 \xE4\xB8");
  for (const OutputFormat format : {OutputFormat::kJson, OutputFormat::kChunks}) {
    const std::string json = RenderDocument(OneLinePages({hostile, hostile}), format, true);
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  }
  const std::string json = RenderDocument(OneLinePages({hostile}), OutputFormat::kJson, false);
  simdjson::dom::parser parser;
  const simdjson::dom::element line = parser.parse(json)["children"].at(0)["children"].at(0)["children"].at(0);
  EXPECT_EQ(Str(line["html"]),
            "q&quot;uote \\back line &lt;script&gt;&amp;&lt;/script&gt; bad\xEF\xBF\xBD\xEF\xBF\xBD utf8 "
            "\xEF\xBF\xBD\xEF\xBF\xBD");
  for (const OutputFormat format : {OutputFormat::kMarkdown, OutputFormat::kHtml, OutputFormat::kText}) {
    const std::string out = RenderDocument(OneLinePages({hostile}), format, true);
    EXPECT_TRUE(simdjson::validate_utf8(out)) << OutputFormatName(format);
    EXPECT_EQ(out.find('\x01'), std::string::npos);
  }
}

TEST(RenderTest, EmptyDocumentsRenderEmptyShapes) {
  EXPECT_EQ(RenderDocument({}, OutputFormat::kMarkdown, true), "");
  EXPECT_EQ(RenderDocument({}, OutputFormat::kText, false), "");
  EXPECT_EQ(RenderDocument({}, OutputFormat::kJson, false), "{\"children\": [], \"block_type\": \"Document\"}");
  EXPECT_EQ(RenderDocument({}, OutputFormat::kChunks, false), "{\"blocks\": [], \"page_info\": {}, \"metadata\": {}}");
  EXPECT_EQ(RenderDocument({}, OutputFormat::kHtml, true),
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\" />\n</head>\n<body>\n</body>\n</html>\n");
  EXPECT_EQ(RenderDocument({Page({})}, OutputFormat::kMarkdown, true), Marker(0));
  EXPECT_EQ(RenderDocument({Page({})}, OutputFormat::kHtml, true).find("<div class='page' data-page-id='0'>\n</div>"),
            std::string("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\" />\n</head>\n<body>\n").size());
}

}  // namespace
}  // namespace onnxocr

#include "core/document/hocr.h"

#include <gtest/gtest.h>

#include <string>

#include "test_pages.h"

namespace onnxocr {
namespace {

using testing::Line;
using testing::Page;

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++count;
  return count;
}

TextWord Word(std::string text, float x0, float x1, float confidence = 0.9f) {
  return TextWord{std::move(text), confidence,
                  Quad{cv::Point2f(x0, 100), cv::Point2f(x1, 100), cv::Point2f(x1, 120), cv::Point2f(x0, 120)}};
}

TEST(HocrTest, PagesLinesAndWordsCarryTheirBoxesAndConfidences) {
  TextLine line = Line("Fish & <chips>", 100, 100, 300);
  line.words = std::vector<TextWord>{Word("Fish", 100.4f, 160), Word("&", 160, 180, 0.5f), Word("<chips>", 180, 399.6f)};
  const DocumentPage first = Page({line, Line("no words here", 100, 200, 200, 20, 0.72f)}, 3, 1000, 1400);
  const DocumentPage second = Page({}, 4, 800.4, 600);
  const std::string hocr = RenderHocr({first, second});

  EXPECT_EQ(hocr.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u);
  EXPECT_NE(hocr.find("<meta name=\"ocr-system\""), std::string::npos);
  EXPECT_EQ(Count(hocr, "class=\"ocr_page\""), 2u);
  EXPECT_NE(hocr.find("id=\"page_1\" title=\"bbox 0 0 1000 1400; ppageno 3\""), std::string::npos);
  EXPECT_NE(hocr.find("id=\"page_2\" title=\"bbox 0 0 800 600; ppageno 4\""), std::string::npos);
  EXPECT_EQ(Count(hocr, "class=\"ocr_line\""), 2u);
  // Three words, and the line without words as one word.
  EXPECT_EQ(Count(hocr, "class=\"ocrx_word\""), 4u);
  EXPECT_NE(hocr.find("title=\"bbox 100 100 160 120; x_wconf 90\">Fish</span>"), std::string::npos) << hocr;
  EXPECT_NE(hocr.find("x_wconf 50\">&amp;</span>"), std::string::npos);
  EXPECT_NE(hocr.find("bbox 180 100 400 120; x_wconf 90\">&lt;chips&gt;</span>"), std::string::npos);
  EXPECT_NE(hocr.find("x_wconf 72\">no words here</span>"), std::string::npos);
  EXPECT_EQ(hocr.find("<chips>"), std::string::npos) << "text is escaped";
  // Every element that opens closes.
  EXPECT_EQ(Count(hocr, "<span"), Count(hocr, "</span>"));
  EXPECT_EQ(Count(hocr, "<div"), Count(hocr, "</div>"));
  EXPECT_EQ(Count(hocr, "<p "), Count(hocr, "</p>"));
  EXPECT_NE(hocr.find("</html>"), std::string::npos);
}

TEST(HocrTest, AttributeTextIsEscapedAndBoxesNeverInvert) {
  TextLine line = Line("\"quoted\" 'x'", -5, 10, 0.2f, 0.3f);  // a degenerate box
  const std::string hocr = RenderHocr({Page({line})});
  EXPECT_NE(hocr.find("&quot;quoted&quot; &#39;x&#39;"), std::string::npos);
  EXPECT_NE(hocr.find("bbox 0 10 1 11"), std::string::npos) << hocr;  // clamped at 0, at least 1 x 1
}

}  // namespace
}  // namespace onnxocr

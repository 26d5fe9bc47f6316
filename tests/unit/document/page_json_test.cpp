#include "core/document/page_json.h"

#include <gtest/gtest.h>

namespace onnxocr {
namespace {

DocumentPage SamplePage() {
  DocumentPage page;
  page.page_id = 41;
  page.width = 1654.5;
  page.height = 2339;
  page.source = TextSource::kPdfText;
  TextLine line;
  line.text = "Fish & chips \"<cheap>\" 42 \xe4\xb8\xad\xe6\x96\x87";
  line.confidence = 0.987654321f;
  line.box = {cv::Point2f(1.25f, 2.5f), cv::Point2f(300.125f, 2.75f), cv::Point2f(300.0f, 40.0f),
              cv::Point2f(1.0f, 39.999f)};
  page.lines.push_back(line);
  line.text = "";
  line.confidence = 0.0f;
  page.lines.push_back(line);
  return page;
}

TEST(PageJsonTest, APageComesBackExactlyAsItWent) {
  const DocumentPage page = SamplePage();
  auto back = DocumentPageFromJson(DocumentPageToJson(page));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->page_id, page.page_id);
  EXPECT_EQ(back->width, page.width);
  EXPECT_EQ(back->height, page.height);
  EXPECT_EQ(back->source, page.source);
  ASSERT_EQ(back->lines.size(), page.lines.size());
  for (std::size_t i = 0; i < page.lines.size(); ++i) {
    EXPECT_EQ(back->lines[i].text, page.lines[i].text);
    EXPECT_EQ(back->lines[i].confidence, page.lines[i].confidence);  // bit for bit
    for (std::size_t p = 0; p < 4; ++p) {
      EXPECT_EQ(back->lines[i].box[p].x, page.lines[i].box[p].x);
      EXPECT_EQ(back->lines[i].box[p].y, page.lines[i].box[p].y);
    }
  }
}

TEST(PageJsonTest, AnOcrPageWithNoLinesRoundTrips) {
  DocumentPage page;
  page.page_id = 0;
  auto back = DocumentPageFromJson(DocumentPageToJson(page));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->source, TextSource::kOcr);
  EXPECT_TRUE(back->lines.empty());
}

TEST(PageJsonTest, WordsComeBackAndALineWithoutThemStaysWithout) {
  DocumentPage page = SamplePage();
  page.lines[0].words = std::vector<TextWord>{
      TextWord{"Fish", 0.5f, {cv::Point2f(1, 2), cv::Point2f(3.5f, 2), cv::Point2f(3.5f, 9), cv::Point2f(1, 9)}},
      TextWord{"\xe4\xb8\xad", 0.25f, {cv::Point2f(4, 2), cv::Point2f(6, 2), cv::Point2f(6, 9), cv::Point2f(4, 9)}}};
  page.lines[1].words = std::vector<TextWord>{};
  page.lines.push_back(page.lines[1]);
  page.lines.back().words.reset();
  auto back = DocumentPageFromJson(DocumentPageToJson(page));
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_TRUE(back->lines[0].words.has_value());
  ASSERT_EQ(back->lines[0].words->size(), 2u);
  EXPECT_EQ((*back->lines[0].words)[1].text, "\xe4\xb8\xad");
  EXPECT_EQ((*back->lines[0].words)[1].confidence, 0.25f);
  EXPECT_EQ((*back->lines[0].words)[0].box[1].x, 3.5f);
  ASSERT_TRUE(back->lines[1].words.has_value());
  EXPECT_TRUE(back->lines[1].words->empty());
  EXPECT_FALSE(back->lines[2].words.has_value());
}

TEST(PageJsonTest, TheOrientationComesBackOnlyWhenItWasSet) {
  DocumentPage page = SamplePage();
  auto back = DocumentPageFromJson(DocumentPageToJson(page));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_FALSE(back->orientation.has_value());
  page.orientation = 270;
  back = DocumentPageFromJson(DocumentPageToJson(page));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->orientation, 270);
}

TEST(PageJsonTest, AnythingElseIsCorruptInput) {
  for (const char* json :
       {"", "{", "[]", "{\"page_id\": 1}", "{\"page_id\": -1, \"width\": 1.0, \"height\": 1.0, \"source\": \"ocr\", \"lines\": []}",
        "{\"page_id\": 1, \"width\": 1.0, \"height\": 1.0, \"source\": \"scan\", \"lines\": []}",
        "{\"page_id\": 1, \"width\": 1.0, \"height\": 1.0, \"source\": \"ocr\", \"orientation\": 45, \"lines\": []}",
        "{\"page_id\": 1, \"width\": 1.0, \"height\": 1.0, \"source\": \"ocr\", \"lines\": [{\"text\": \"a\", "
        "\"confidence\": 0.5, \"box\": [1.0, 2.0]}]}"}) {
    auto page = DocumentPageFromJson(json);
    ASSERT_FALSE(page.ok()) << json;
    EXPECT_EQ(page.error().code, ErrorCode::kCorruptInput) << json;
  }
}

}  // namespace
}  // namespace onnxocr

#include "core/document/page_stats.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "test_pages.h"

namespace onnxocr {
namespace {

TEST(PageStatsTest, CountsBlocksMostCommonFirst) {
  DocumentPage pdf_page = testing::TwoColumnPage();
  pdf_page.source = TextSource::kPdfText;
  DocumentPage empty_page = testing::Page({}, 1);
  const std::string json = RenderPageStats({pdf_page, empty_page});
  EXPECT_EQ(json.substr(0, json.find("], \"block_metadata\"") + 1),
            "[{\"page_id\": 0, \"text_extraction_method\": \"pdftext\", \"block_counts\": [[\"Line\", 9], "
            "[\"Text\", 4], [\"SectionHeader\", 1]]");
  simdjson::dom::parser parser;
  const simdjson::dom::array pages = parser.parse(json).get_array();
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(int64_t(pages.at(0)["line_count"]), 9);
  const simdjson::dom::object metadata = pages.at(0)["block_metadata"].get_object();
  EXPECT_EQ(metadata.size(), 6u) << "marker's six BlockMetadata fields";
  EXPECT_EQ(int64_t(metadata["llm_request_count"]), 0);
  EXPECT_EQ(int64_t(metadata["llm_error_count"]), 0);
  EXPECT_EQ(int64_t(metadata["llm_tokens_used"]), 0);
  EXPECT_EQ(std::string_view(metadata["previous_text"]), "");
  EXPECT_EQ(std::string_view(metadata["previous_type"]), "");
  EXPECT_EQ(int64_t(metadata["previous_order"]), 0);
  EXPECT_EQ(int64_t(pages.at(1)["page_id"]), 1);
  EXPECT_EQ(std::string_view(pages.at(1)["text_extraction_method"]), "surya") << "marker's word for OCR'd pages";
  EXPECT_EQ(pages.at(1)["block_counts"].get_array().size(), 0u);
  EXPECT_EQ(int64_t(pages.at(1)["line_count"]), 0);
}

TEST(PageStatsTest, EmptyDocumentIsAnEmptyArray) {
  EXPECT_EQ(RenderPageStats({}), "[]");
}

}  // namespace
}  // namespace onnxocr

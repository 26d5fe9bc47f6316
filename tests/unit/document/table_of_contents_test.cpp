#include "core/document/table_of_contents.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "test_pages.h"

namespace onnxocr {
namespace {

using testing::Line;
using testing::Page;

TEST(TableOfContentsTest, ListsSectionHeadersOfEveryPageInOrder) {
  DocumentPage first = testing::TwoColumnPage();  // "Title", 40 high over 20-high body lines
  DocumentPage second = Page({Line("Results & <b>", 100, 60, 300, 30), Line("body one", 100, 120, 600),
                              Line("body two", 100, 145, 600), Line("body three", 100, 170, 600)},
                             3);
  const std::string json = RenderTableOfContents({first, second});
  simdjson::dom::parser parser;
  const simdjson::dom::array items = parser.parse(json).get_array();
  ASSERT_EQ(items.size(), 2u) << json;

  EXPECT_EQ(std::string_view(items.at(0)["title"]), "Title");
  EXPECT_EQ(int64_t(items.at(0)["heading_level"]), 1);
  EXPECT_EQ(int64_t(items.at(0)["page_id"]), 0);
  const simdjson::dom::array polygon = items.at(0)["polygon"].get_array();
  ASSERT_EQ(polygon.size(), 4u);
  EXPECT_DOUBLE_EQ(double(polygon.at(0).at(0)), 250.0);
  EXPECT_DOUBLE_EQ(double(polygon.at(0).at(1)), 80.0);
  EXPECT_DOUBLE_EQ(double(polygon.at(2).at(0)), 750.0);
  EXPECT_DOUBLE_EQ(double(polygon.at(2).at(1)), 120.0);

  EXPECT_EQ(std::string_view(items.at(1)["title"]), "Results & <b>") << "plain text, not HTML";
  EXPECT_EQ(int64_t(items.at(1)["heading_level"]), 2);
  EXPECT_EQ(int64_t(items.at(1)["page_id"]), 3);
}

TEST(TableOfContentsTest, DocumentsWithoutHeadersHaveAnEmptyList) {
  EXPECT_EQ(RenderTableOfContents({}), "[]");
  EXPECT_EQ(RenderTableOfContents({Page({Line("just text", 10, 10, 300), Line("more text", 10, 35, 300)})}), "[]");
}

}  // namespace
}  // namespace onnxocr

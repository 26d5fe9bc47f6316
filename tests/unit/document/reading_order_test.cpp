#include "core/document/reading_order.h"

#include <gtest/gtest.h>

#include "test_pages.h"

namespace onnxocr {
namespace {

using testing::Line;
using testing::Page;

std::vector<std::string> BlockTexts(const std::vector<TextBlock>& blocks) {
  std::vector<std::string> texts;
  for (const TextBlock& block : blocks) {
    std::string text;
    for (const TextLine& line : block.lines) text += (text.empty() ? "" : "|") + line.text;
    texts.push_back(text);
  }
  return texts;
}

TEST(ReadingOrderTest, ReadsTitleThenLeftColumnThenRightColumn) {
  const std::vector<TextBlock> blocks = GroupIntoBlocks(testing::TwoColumnPage());
  EXPECT_EQ(BlockTexts(blocks), (std::vector<std::string>{"Title", "L1a|L1b", "L2a|L2b", "R1a|R1b", "R2a|R2b"}));
  EXPECT_EQ(blocks[0].type, BlockType::kSectionHeader);
  EXPECT_EQ(blocks[0].heading_level, 1);
  EXPECT_EQ(blocks[1].type, BlockType::kText);
}

// A page photographed turned: its lines in the turned picture's pixels,
// orientation set. Read upright, in the picture's coordinates.
TEST(ReadingOrderTest, ATurnedPageIsReadAsItsUprightPage) {
  const DocumentPage upright = testing::TwoColumnPage();  // 1000 x 1400
  const std::vector<TextBlock> want = GroupIntoBlocks(upright);
  for (const int turn : {90, 180, 270}) {
    DocumentPage turned = upright;
    const bool sideways = turn != 180;
    turned.width = sideways ? upright.height : upright.width;
    turned.height = sideways ? upright.width : upright.height;
    turned.orientation = turn;
    for (TextLine& line : turned.lines) {
      for (cv::Point2f& point : line.box) point = UprightToSource(point, turn, turned.width, turned.height);
    }
    const std::vector<TextBlock> blocks = GroupIntoBlocks(turned);
    EXPECT_EQ(BlockTexts(blocks), BlockTexts(want)) << turn;
    ASSERT_EQ(blocks.size(), want.size());
    for (std::size_t k = 0; k < blocks.size(); ++k) {
      Quad corners = RectQuad(want[k].bbox);
      for (cv::Point2f& point : corners) point = UprightToSource(point, turn, turned.width, turned.height);
      const cv::Rect2f expected = QuadBounds(corners);
      EXPECT_NEAR(blocks[k].bbox.x, expected.x, 0.01) << turn << " block " << k;
      EXPECT_NEAR(blocks[k].bbox.y, expected.y, 0.01) << turn << " block " << k;
      EXPECT_NEAR(blocks[k].bbox.width, expected.width, 0.01) << turn << " block " << k;
      EXPECT_NEAR(blocks[k].bbox.height, expected.height, 0.01) << turn << " block " << k;
    }
  }
}

TEST(ReadingOrderTest, FullWidthLinesBetweenColumnBandsStayInPlace) {
  std::vector<TextLine> lines = {
      Line("a1", 80, 100, 400),  Line("a2", 80, 125, 400),           Line("b1", 520, 100, 400),
      Line("b2", 520, 125, 400), Line("wide caption", 80, 200, 840), Line("c1", 80, 280, 400),
      Line("c2", 80, 305, 400),  Line("d1", 520, 280, 400),          Line("d2", 520, 305, 400),
  };
  EXPECT_EQ(BlockTexts(GroupIntoBlocks(Page(lines))),
            (std::vector<std::string>{"a1|a2", "b1|b2", "wide caption", "c1|c2", "d1|d2"}));
}

TEST(ReadingOrderTest, MergesFragmentsOfOneVisualLineLeftToRight) {
  const DocumentPage page = Page(
      {Line("world", 200, 102, 100), Line("Hello", 50, 100, 100), Line("!", 320, 98, 10), Line("next", 50, 125, 200)});
  const std::vector<TextBlock> blocks = GroupIntoBlocks(page);
  ASSERT_EQ(blocks.size(), 1u);
  ASSERT_EQ(blocks[0].lines.size(), 2u);
  const TextLine& merged = blocks[0].lines[0];
  EXPECT_EQ(merged.text, "Hello world !");
  EXPECT_FLOAT_EQ(merged.box[0].x, 50);
  EXPECT_FLOAT_EQ(merged.box[0].y, 98);
  EXPECT_FLOAT_EQ(merged.box[2].x, 330);
  EXPECT_FLOAT_EQ(merged.box[2].y, 122);
  EXPECT_NEAR(merged.confidence, 0.9f, 1e-6);
  EXPECT_FLOAT_EQ(blocks[0].bbox.y + blocks[0].bbox.height, 145);
}

TEST(ReadingOrderTest, SplitsParagraphsOnLargeGapsAndIndents) {
  const DocumentPage page = Page({
      Line("p1 a", 50, 100, 600),
      Line("p1 b", 50, 124, 600),  // tight: same paragraph
      Line("p2 a", 50, 180, 600),
      Line("p2 b", 50, 204, 600),  // 36 px gap > 0.8 * 20: new paragraph
      Line("p3 a", 90, 228, 560),
      Line("p3 b", 50, 252, 600),  // indented first line: new paragraph
      Line("p3 c", 50, 276, 300),
  });
  EXPECT_EQ(BlockTexts(GroupIntoBlocks(page)), (std::vector<std::string>{"p1 a|p1 b", "p2 a|p2 b", "p3 a|p3 b|p3 c"}));
}

TEST(ReadingOrderTest, DetectsShortTallLinesAsSectionHeaders) {
  const DocumentPage page = Page({
      Line("Introduction", 50, 100, 200, 30),
      Line("body one", 50, 140, 600),
      Line("body two", 50, 164, 600),
      Line("body three", 50, 188, 600),
      Line("A very tall line that is far too long to be a header because it "
           "goes on and on and on beyond eighty code points",
           50, 240, 900, 30),
  });
  const std::vector<TextBlock> blocks = GroupIntoBlocks(page);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].type, BlockType::kSectionHeader);
  EXPECT_EQ(blocks[0].heading_level, 2);
  EXPECT_EQ(blocks[1].type, BlockType::kText);
  EXPECT_EQ(blocks[2].type, BlockType::kText);
}

TEST(ReadingOrderTest, SingleColumnWithRaggedLinesIsNotSplitIntoColumns) {
  const DocumentPage page = Page({Line("one", 50, 100, 800), Line("two", 50, 124, 300), Line("three", 50, 148, 820),
                                  Line("four", 50, 172, 250), Line("page 3", 900, 1300, 50)});
  EXPECT_EQ(BlockTexts(GroupIntoBlocks(page)), (std::vector<std::string>{"one|two|three|four", "page 3"}));
}

TEST(ReadingOrderTest, EmptyAndBlankPagesHaveNoBlocks) {
  EXPECT_TRUE(GroupIntoBlocks(Page({})).empty());
  EXPECT_TRUE(GroupIntoBlocks(Page({Line(" \n\t", 10, 10, 50)})).empty());
}

TEST(ReadingOrderTest, IsDeterministicForAnyInputOrder) {
  DocumentPage page = testing::TwoColumnPage();
  const std::vector<std::string> expected = BlockTexts(GroupIntoBlocks(page));
  std::reverse(page.lines.begin(), page.lines.end());
  EXPECT_EQ(BlockTexts(GroupIntoBlocks(page)), expected);
}

TEST(ReadingOrderTest, NamesBlockTypesAsMarker) {
  EXPECT_EQ(BlockTypeName(BlockType::kText), "Text");
  EXPECT_EQ(BlockTypeName(BlockType::kSectionHeader), "SectionHeader");
}

}  // namespace
}  // namespace onnxocr

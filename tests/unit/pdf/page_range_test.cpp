#include "core/pdf/page_range.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace onnxocr {
namespace {

std::vector<int> Pages(std::string_view spec, int page_count) {
  auto pages = ParsePageRange(spec, page_count);
  EXPECT_TRUE(pages.ok()) << spec << ": " << pages.error().message;
  return pages.ok() ? *pages : std::vector<int>{};
}

void ExpectInvalid(std::string_view spec, int page_count) {
  auto pages = ParsePageRange(spec, page_count);
  ASSERT_FALSE(pages.ok()) << spec;
  EXPECT_EQ(pages.error().code, ErrorCode::kInvalidArgument) << spec;
  EXPECT_FALSE(pages.error().message.empty());
}

TEST(ParsePageRange, SinglesAndInclusiveRanges) {
  EXPECT_EQ(Pages("0,5-10", 20), (std::vector<int>{0, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(Pages("3", 4), (std::vector<int>{3}));
  EXPECT_EQ(Pages("2-2", 4), (std::vector<int>{2}));
}

TEST(ParsePageRange, EmptySpecSelectsAllPages) {
  EXPECT_EQ(Pages("", 3), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(Pages("  ", 2), (std::vector<int>{0, 1}));
  EXPECT_TRUE(Pages("", 0).empty());
}

TEST(ParsePageRange, SortsAndDeduplicates) {
  EXPECT_EQ(Pages("5,1-3,2,0-1", 10), (std::vector<int>{0, 1, 2, 3, 5}));
}

TEST(ParsePageRange, IgnoresWhitespaceAroundNumbers) {
  EXPECT_EQ(Pages(" 0 , 2 - 4 ,\t6 ", 10), (std::vector<int>{0, 2, 3, 4, 6}));
}

TEST(ParsePageRange, RejectsMalformedSpecs) {
  for (std::string_view spec :
       {"a", "1,", ",1", "1,,2", "-3", "3-", "1-2-3", "1.5", "+1", "0x1", "1 2", "5-2", "99999999999"}) {
    ExpectInvalid(spec, 100);
  }
}

TEST(ParsePageRange, RejectsPagesOutOfRange) {
  ExpectInvalid("10", 10);
  ExpectInvalid("0-10", 10);
  ExpectInvalid("0", 0);
  auto pages = ParsePageRange("12", 10);
  ASSERT_FALSE(pages.ok());
  EXPECT_NE(pages.error().message.find("12"), std::string::npos);
  EXPECT_NE(pages.error().message.find("10 page"), std::string::npos);
}

TEST(ParsePageRange, RepeatedRangesAreMergedNotExpandedTwice) {
  std::string spec;
  for (int i = 0; i < 600; ++i) spec += (i ? "," : "") + std::string("0-5");
  auto pages = ParsePageRange(spec, 10);
  ASSERT_TRUE(pages.ok()) << pages.error().message;
  EXPECT_EQ(*pages, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  auto overlapping = ParsePageRange("3-8,0-4,7-9,2", 10);
  ASSERT_TRUE(overlapping.ok());
  EXPECT_EQ(overlapping->size(), 10u);
}

TEST(ParsePageRange, RejectsOverlongSpecs) {
  const std::string spec(kMaxPageRangeLength + 1, '1');
  auto pages = ParsePageRange(spec, 10);
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace onnxocr

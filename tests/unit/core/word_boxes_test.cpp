#include "core/word_boxes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/text_crop.h"

namespace onnxocr {
namespace {

// Characters at the given step runs, one step = `step` crop pixels.
std::vector<DecodedChar> Chars(const std::vector<std::string>& texts, const std::vector<std::pair<int, int>>& runs) {
  std::vector<DecodedChar> chars;
  for (std::size_t i = 0; i < texts.size(); ++i) chars.push_back({texts[i], runs[i].first, runs[i].second, 0.5f + 0.1f * static_cast<float>(i % 5)});
  return chars;
}

Quad Axis(float x0, float y0, float x1, float y1) {
  return {cv::Point2f(x0, y0), cv::Point2f(x1, y0), cv::Point2f(x1, y1), cv::Point2f(x0, y1)};
}

bool Inside(const Quad& line, const cv::Point2f& point) {
  std::vector<cv::Point2f> contour(line.begin(), line.end());
  return cv::pointPolygonTest(contour, point, true) >= -0.01;
}

std::string Joined(const std::vector<TextWord>& words, const std::string& separator) {
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i) text += (i > 0 ? separator : "") + words[i].text;
  return text;
}

TEST(WordBoxesTest, SpaceSeparatedWordsSplitHalfwayBetweenTheirCharacters) {
  // "ab cd" on a 100 x 20 line; each step is 4 crop pixels.
  const auto chars = Chars({"a", "b", " ", "c", "d"}, {{1, 1}, {3, 4}, {6, 6}, {9, 9}, {11, 12}});
  const Quad line = Axis(10, 50, 110, 70);
  const auto words = LineWords(chars, 4.0, line, false);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0].text, "ab");
  EXPECT_EQ(words[1].text, "cd");
  // The boundary: halfway between the end of b's run (step 5) and c's start (9): step 7 = x 28.
  EXPECT_NEAR(words[0].box[0].x, 10.0f, 1e-3);
  EXPECT_NEAR(words[0].box[1].x, 38.0f, 1e-3);
  EXPECT_NEAR(words[1].box[0].x, 38.0f, 1e-3);
  EXPECT_NEAR(words[1].box[1].x, 110.0f, 1e-3);
  for (const TextWord& word : words) {
    EXPECT_NEAR(word.box[0].y, 50.0f, 1e-3);
    EXPECT_NEAR(word.box[2].y, 70.0f, 1e-3);
  }
  EXPECT_NEAR(words[0].confidence, (0.5f + 0.6f) / 2, 1e-6);
}

TEST(WordBoxesTest, CjkCharactersAreWordsOfTheirOwnBesideLatinRuns) {
  const auto chars = Chars({"P", "P", "模", "型", "。"}, {{0, 0}, {2, 2}, {5, 6}, {9, 10}, {13, 13}});
  const auto words = LineWords(chars, 5.0, Axis(0, 0, 80, 16), false);
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(Joined(words, ""), "PP模型。");
  EXPECT_EQ(words[0].text, "PP");
  EXPECT_EQ(words[1].text, "模");
  EXPECT_TRUE(IsWordPerCharacter("模"));
  EXPECT_TRUE(IsWordPerCharacter("カ"));
  EXPECT_TRUE(IsWordPerCharacter("，"));
  EXPECT_FALSE(IsWordPerCharacter("한"));  // Korean separates words with spaces
  EXPECT_FALSE(IsWordPerCharacter("é"));
  EXPECT_FALSE(IsWordPerCharacter("a"));
}

TEST(WordBoxesTest, BoxesFollowARotatedLineAndStayWithinIt) {
  // A line at 30°: its quad's top edge runs from (100, 100) along (cos, sin).
  const double angle = 30.0 * CV_PI / 180.0;
  const cv::Point2f along(static_cast<float>(std::cos(angle)), static_cast<float>(std::sin(angle)));
  const cv::Point2f down(-along.y, along.x);
  const cv::Point2f origin(100, 100);
  const Quad line{origin, origin + along * 200.0f, origin + along * 200.0f + down * 30.0f, origin + down * 30.0f};
  const cv::Size warped = WarpedLineSize(line);
  const auto chars = Chars({"x", "y", " ", "z"}, {{2, 3}, {6, 6}, {9, 9}, {12, 14}});
  const double per_step = static_cast<double>(warped.width) / 20.0;
  const auto words = LineWords(chars, per_step, line, false);
  ASSERT_EQ(words.size(), 2u);
  for (const TextWord& word : words) {
    for (const cv::Point2f& corner : word.box) EXPECT_TRUE(Inside(line, corner)) << corner;
    // The word's top edge runs along the line's.
    const cv::Point2f top = word.box[1] - word.box[0];
    EXPECT_NEAR(std::atan2(top.y, top.x), angle, 1e-3);
  }
  // Left to right along the line.
  EXPECT_LT((words[0].box[0] - origin).dot(along), (words[1].box[0] - origin).dot(along));
}

TEST(WordBoxesTest, AnUpsideDownCropMapsItsFirstWordToTheLinesFarEnd) {
  // The classifier turned the crop 180°: the crop's left is the quad's right.
  const auto chars = Chars({"u", " ", "v"}, {{1, 1}, {5, 5}, {8, 8}});
  const Quad line = Axis(0, 0, 100, 20);
  const auto words = LineWords(chars, 10.0, line, true);
  ASSERT_EQ(words.size(), 2u);
  // "u" spans crop x 0..50 (halfway between step 2 and step 8 is 5): image x 50..100.
  EXPECT_NEAR(words[0].box[0].x, 100.0f, 1e-3);
  EXPECT_NEAR(words[0].box[1].x, 50.0f, 1e-3);
  EXPECT_NEAR(words[0].box[0].y, 20.0f, 1e-3);  // its top-left as it reads is the quad's bottom-right
  EXPECT_NEAR(words[1].box[1].x, 0.0f, 1e-3);
}

TEST(WordBoxesTest, AVerticalLineTurnedByTheCropMapsDownTheColumn) {
  // A 20 x 100 column: CropTextLine turns it 90° counter-clockwise, so the
  // crop reads top to bottom of the column.
  const Quad line = Axis(0, 0, 20, 100);
  ASSERT_TRUE(TurnsVerticalLine(WarpedLineSize(line)));
  const auto chars = Chars({"上", "下"}, {{1, 2}, {7, 8}});
  const auto words = LineWords(chars, 10.0, line, false);
  ASSERT_EQ(words.size(), 2u);
  // Boundary at step 5 = crop x 50 = column y 50.
  float top_max = 0;
  float bottom_min = 1000;
  for (const auto& corner : words[0].box) top_max = std::max(top_max, corner.y);
  for (const auto& corner : words[1].box) bottom_min = std::min(bottom_min, corner.y);
  EXPECT_NEAR(top_max, 50.0f, 1e-3);
  EXPECT_NEAR(bottom_min, 50.0f, 1e-3);
  for (const TextWord& word : words) {
    for (const cv::Point2f& corner : word.box) EXPECT_TRUE(Inside(line, corner)) << corner;
  }
}

TEST(WordBoxesTest, StepsPastTheResizedLineClampToTheCropsEnd) {
  // Padding steps beyond the line (a wide batch) never leave the line's box.
  const auto chars = Chars({"a", " ", "b"}, {{1, 1}, {30, 30}, {60, 61}});
  const auto words = LineWords(chars, 4.0, Axis(0, 0, 50, 10), false);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_NEAR(words[1].box[0].x, 50.0f, 1e-3);
  EXPECT_NEAR(words[1].box[1].x, 50.0f, 1e-3);
  EXPECT_DOUBLE_EQ(CropPixelsPerStep(100, 200, 320, 40), 8.0 * 100 / 200);
  EXPECT_EQ(LineWords({}, 4.0, Axis(0, 0, 50, 10), false).size(), 0u);
}

}  // namespace
}  // namespace onnxocr

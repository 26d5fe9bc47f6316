#include "core/ctc_decode.h"

#include <gtest/gtest.h>

#include <vector>

namespace onnxocr {
namespace {

const std::vector<std::string> kCharacters{"", "a", "b", " "};

// Builds time_steps x 4 probabilities where step t puts `p[t]` on class `ids[t]`
// and spreads the rest evenly.
std::vector<float> Steps(const std::vector<int>& ids, const std::vector<float>& p) {
  std::vector<float> out;
  for (std::size_t t = 0; t < ids.size(); ++t) {
    for (int c = 0; c < 4; ++c) out.push_back(c == ids[t] ? p[t] : (1.0f - p[t]) / 3.0f);
  }
  return out;
}

TEST(CtcDecodeTest, CollapsesRepeatsAndDropsBlanks) {
  const auto probs = Steps({1, 1, 0, 1, 2, 2, 3, 0}, {0.9f, 0.8f, 0.99f, 0.7f, 0.6f, 0.5f, 0.95f, 0.9f});
  const DecodedText decoded = DecodeCtcGreedy(probs, 8, 4, kCharacters);
  EXPECT_EQ(decoded.text, "aab ");
  // Kept steps: t0 (0.9), t3 (0.7), t4 (0.6), t6 (0.95).
  EXPECT_NEAR(decoded.confidence, (0.9 + 0.7 + 0.6 + 0.95) / 4.0, 1e-6);
}

TEST(CtcDecodeTest, AllBlankGivesEmptyTextAndZeroConfidence) {
  const auto probs = Steps({0, 0, 0}, {0.9f, 0.9f, 0.9f});
  const DecodedText decoded = DecodeCtcGreedy(probs, 3, 4, kCharacters);
  EXPECT_EQ(decoded.text, "");
  EXPECT_EQ(decoded.confidence, 0.0f);
}

TEST(CtcDecodeTest, TiesPickTheFirstClass) {
  const std::vector<float> probs{0.1f, 0.4f, 0.4f, 0.1f};
  EXPECT_EQ(DecodeCtcGreedy(probs, 1, 4, kCharacters).text, "a");
}

TEST(CtcDecodeTest, KeepsMultiByteCharacters) {
  const std::vector<std::string> characters{"", "中", "文"};
  const std::vector<float> probs{0.1f, 0.8f, 0.1f, 0.1f, 0.1f, 0.8f};
  EXPECT_EQ(DecodeCtcGreedy(probs, 2, 3, characters).text, "中文");
}

TEST(CtcDecodeTest, SkipsClassIdsBeyondTheDictionary) {
  const std::vector<std::string> characters{"", "a"};
  const std::vector<float> probs{0.1f, 0.2f, 0.7f, 0.1f, 0.8f, 0.1f};
  const DecodedText decoded = DecodeCtcGreedy(probs, 2, 3, characters);
  EXPECT_EQ(decoded.text, "a");
  EXPECT_NEAR(decoded.confidence, 0.8f, 1e-6);
}

TEST(CtcDecodeTest, AlignmentKeepsEachCharactersRunOfSteps) {
  // a a _ a b b " " _ : runs a[0-1], a[3], b[4-5], " "[6].
  const auto probs = Steps({1, 1, 0, 1, 2, 2, 3, 0}, {0.9f, 0.8f, 0.99f, 0.7f, 0.6f, 0.5f, 0.95f, 0.9f});
  const DecodedText decoded = DecodeCtcGreedy(probs, 8, 4, kCharacters, /*keep_alignment=*/true);
  EXPECT_EQ(decoded.text, "aab ");
  ASSERT_EQ(decoded.chars.size(), 4u);
  const std::vector<std::pair<int, int>> runs{{0, 1}, {3, 3}, {4, 5}, {6, 6}};
  std::string spelled;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    EXPECT_EQ(decoded.chars[i].first_step, runs[i].first) << i;
    EXPECT_EQ(decoded.chars[i].last_step, runs[i].second) << i;
    spelled += decoded.chars[i].text;
  }
  EXPECT_EQ(spelled, decoded.text);
  EXPECT_FLOAT_EQ(decoded.chars[2].probability, 0.6f);
  // Without alignment nothing is kept, and the text is the same.
  const DecodedText plain = DecodeCtcGreedy(probs, 8, 4, kCharacters);
  EXPECT_TRUE(plain.chars.empty());
  EXPECT_EQ(plain.text, decoded.text);
}

TEST(CtcDecodeTest, AnUnknownClassEndsTheRunBeforeIt) {
  // Class 9 is outside the characters: skipped, and the "a" after it is new.
  std::vector<float> probs(4 * 10, 0.0f);
  const std::vector<int> ids{1, 1, 9, 9, 1};
  std::vector<float> wide;
  for (const int id : ids) {
    for (int c = 0; c < 10; ++c) wide.push_back(c == id ? 0.9f : 0.01f);
  }
  const DecodedText decoded = DecodeCtcGreedy(wide, 5, 10, kCharacters, true);
  EXPECT_EQ(decoded.text, "aa");
  ASSERT_EQ(decoded.chars.size(), 2u);
  EXPECT_EQ(decoded.chars[0].last_step, 1);
  EXPECT_EQ(decoded.chars[1].first_step, 4);
}

}  // namespace
}  // namespace onnxocr

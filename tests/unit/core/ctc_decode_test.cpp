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

}  // namespace
}  // namespace onnxocr

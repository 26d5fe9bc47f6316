#include "core/result_json.h"

#include <gtest/gtest.h>

namespace onnxocr {
namespace {

std::string JsonString(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

std::string JsonNumber(double value) {
  std::string out;
  AppendJsonNumber(out, value);
  return out;
}

TEST(ResultJsonTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonString("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonString("x\ny\tz"), "\"x\\ny\\tz\"");
  EXPECT_EQ(JsonString(std::string_view("\x01", 1)), "\"\\u0001\"");
}

TEST(ResultJsonTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(JsonString("中文 ok"), "\"中文 ok\"");
  EXPECT_EQ(JsonString("a\xff"
                       "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(JsonString("\xE4\xB8"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // truncated sequence
  EXPECT_EQ(JsonString("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong encoding
}

TEST(ResultJsonTest, NumbersAlwaysLookLikeFloats) {
  EXPECT_EQ(JsonNumber(12.0), "12.0");
  EXPECT_EQ(JsonNumber(0.25), "0.25");
  EXPECT_EQ(JsonNumber(static_cast<double>(0.9f)), "0.8999999761581421");
  EXPECT_EQ(JsonNumber(1e300 * 1e300), "0.0");
}

TEST(ResultJsonTest, RendersOnnxOcrShape) {
  TextLine line{"Hi", 0.5f, Quad{cv::Point2f(1, 2), cv::Point2f(3, 2), cv::Point2f(3, 4), cv::Point2f(1, 4)}};
  EXPECT_EQ(RenderOcrResponse(0.125, {line}),
            "{\"processing_time\": 0.125, \"results\": [{\"text\": \"Hi\", \"confidence\": 0.5, "
            "\"bounding_box\": [[1.0, 2.0], [3.0, 2.0], [3.0, 4.0], [1.0, 4.0]]}]}");
  EXPECT_EQ(RenderOcrResponse(1.0, {}), "{\"processing_time\": 1.0, \"results\": []}");
}

TEST(ResultJsonTest, RendersPagesAsNestedLists) {
  TextLine line{"a", 1.0f, Quad{}};
  const std::string json = RenderOcrResponsePages(2.0, {{}, {line}});
  EXPECT_EQ(json.substr(0, 42), "{\"processing_time\": 2.0, \"results\": [[], [");
}

}  // namespace
}  // namespace onnxocr

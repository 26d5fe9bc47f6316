#include "core/json_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

TEST(JsonTextTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonString("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonString("x\ny\tz"), "\"x\\ny\\tz\"");
  EXPECT_EQ(JsonString(std::string_view("\x01", 1)), "\"\\u0001\"");
}

TEST(JsonTextTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(JsonString("中文 ok"), "\"中文 ok\"");
  EXPECT_EQ(JsonString("a\xff"
                       "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(JsonString("\xE4\xB8"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // truncated sequence
  EXPECT_EQ(JsonString("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong encoding
}

TEST(JsonTextTest, NumbersAlwaysLookLikeFloats) {
  EXPECT_EQ(JsonNumber(12.0), "12.0");
  EXPECT_EQ(JsonNumber(0.25), "0.25");
  EXPECT_EQ(JsonNumber(static_cast<double>(0.9f)), "0.8999999761581421");
  EXPECT_EQ(JsonNumber(1e300 * 1e300), "0.0");
}

TEST(JsonTextTest, StringArraysAreCommaSeparatedLiterals) {
  std::string out;
  AppendJsonStringArray(out, std::vector<std::string>{"ch", "a\"b"});
  EXPECT_EQ(out, "[\"ch\", \"a\\\"b\"]");
  out.clear();
  AppendJsonStringArray(out, std::vector<std::string>{});
  EXPECT_EQ(out, "[]");
}

}  // namespace
}  // namespace onnxocr

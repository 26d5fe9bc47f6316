#include "server/ocr_request.h"

#include <gtest/gtest.h>

#include <string>

namespace onnxocr::server {
namespace {

ErrorCode CodeOf(std::string_view body) {
  auto parsed = ParseOcrJsonRequest(body, 4);
  EXPECT_FALSE(parsed.ok()) << body;
  return parsed.ok() ? ErrorCode::kInternal : parsed.error().code;
}

TEST(ParseOcrJsonRequestTest, SingleImageWithOptions) {
  auto parsed = ParseOcrJsonRequest(
      R"({"image": "Zm9v", "use_angle_cls": false, "det_limit_side_len": 736, "drop_score": 0.3,
          "model": "ppocrv6-tiny", "unknown": [1, {"x": 2}]})",
      4);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->images.size(), 1u);
  EXPECT_EQ(std::string(parsed->images[0].begin(), parsed->images[0].end()), "foo");
  EXPECT_FALSE(parsed->batch);
  EXPECT_EQ(parsed->options.use_angle_cls, false);
  EXPECT_EQ(parsed->options.det_limit_side_len, 736);
  EXPECT_FLOAT_EQ(*parsed->options.drop_score, 0.3f);
  EXPECT_EQ(parsed->options.model, "ppocrv6-tiny");
}

TEST(ParseOcrJsonRequestTest, BatchForm) {
  auto parsed = ParseOcrJsonRequest(R"({"images": ["Zm9v", "YmFy"]})", 4);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->batch);
  EXPECT_EQ(parsed->images.size(), 2u);
}

TEST(ParseOcrJsonRequestTest, MalformedBodiesAre400Material) {
  EXPECT_EQ(CodeOf(""), ErrorCode::kMalformedRequest);
  EXPECT_EQ(CodeOf("{"), ErrorCode::kMalformedRequest);
  EXPECT_EQ(CodeOf("[1, 2]"), ErrorCode::kMalformedRequest);
  EXPECT_EQ(CodeOf("{}"), ErrorCode::kMalformedRequest);
  EXPECT_EQ(CodeOf(R"({"image": "Zm9v", "images": ["Zm9v"]})"), ErrorCode::kMalformedRequest);
  EXPECT_EQ(CodeOf(R"({"image": "not base64!"})"), ErrorCode::kMalformedRequest);
  EXPECT_EQ(CodeOf(std::string(2000, '[') + std::string(2000, ']')), ErrorCode::kMalformedRequest);
}

TEST(ParseOcrJsonRequestTest, WrongTypesAndRangesAre422Material) {
  EXPECT_EQ(CodeOf(R"({"image": 42})"), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(R"({"images": "Zm9v"})"), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(R"({"images": []})"), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(R"({"images": ["Zm9v","Zm9v","Zm9v","Zm9v","Zm9v"]})"), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(R"({"image": "Zm9v", "use_angle_cls": "yes"})"), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(R"({"image": "Zm9v", "det_limit_side_len": 16})"), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(R"({"image": "Zm9v", "det_limit_side_len": 960.5})"), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(R"({"image": "Zm9v", "drop_score": 1.5})"), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(R"({"image": "Zm9v", "model": 3})"), ErrorCode::kInvalidArgument);
}

TEST(ApplyFormOptionsTest, ParsesTextValues) {
  OcrOptions options;
  ASSERT_TRUE(ApplyFormOptions({{"use_angle_cls", "False"},
                                {"det_limit_side_len", "640"},
                                {"drop_score", "0.7"},
                                {"model", "ppocrv5-mobile"},
                                {"other", "x"}},
                               options)
                  .ok());
  EXPECT_EQ(options.use_angle_cls, false);
  EXPECT_EQ(options.det_limit_side_len, 640);
  EXPECT_FLOAT_EQ(*options.drop_score, 0.7f);
  EXPECT_EQ(options.model, "ppocrv5-mobile");
}

TEST(ApplyFormOptionsTest, RejectsBadText) {
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{{"use_angle_cls", "maybe"},
                                                                                   {"det_limit_side_len", "64px"},
                                                                                   {"det_limit_side_len", "99999"},
                                                                                   {"drop_score", "-0.1"},
                                                                                   {"drop_score", "abc"},
                                                                                   {"model", ""}}) {
    OcrOptions options;
    const Status status = ApplyFormOptions({{key, value}}, options);
    ASSERT_FALSE(status.ok()) << key << "=" << value;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(status.error().message.find(key), std::string::npos);
  }
}

TEST(ParseOcrJsonRequestTest, ErrorsSayWhatTheFieldMustBe) {
  auto parsed = ParseOcrJsonRequest(R"({"image": "Zm9v", "drop_score": "high"})", 4);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "drop_score must be a number in [0, 1]");
  parsed = ParseOcrJsonRequest(R"({"image": "Zm9v", "model": ""})", 4);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "model must be a string of 1 to 128 characters");
}

}  // namespace
}  // namespace onnxocr::server

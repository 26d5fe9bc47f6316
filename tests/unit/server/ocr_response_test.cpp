#include "server/ocr_response.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace onnxocr::server {
namespace {

OcrResult Page(std::vector<TextLine> lines, std::optional<int> orientation = std::nullopt) {
  OcrResult page;
  page.lines = std::move(lines);
  page.orientation = orientation;
  return page;
}

TEST(OcrResponseTest, RendersOnnxOcrShape) {
  TextLine line{"Hi", 0.5f, Quad{cv::Point2f(1, 2), cv::Point2f(3, 2), cv::Point2f(3, 4), cv::Point2f(1, 4)}};
  EXPECT_EQ(RenderOcrResponse(0.125, Page({line})),
            "{\"processing_time\": 0.125, \"results\": [{\"text\": \"Hi\", \"confidence\": 0.5, "
            "\"bounding_box\": [[1.0, 2.0], [3.0, 2.0], [3.0, 4.0], [1.0, 4.0]]}]}");
  EXPECT_EQ(RenderOcrResponse(1.0, Page({})), "{\"processing_time\": 1.0, \"results\": []}");
}

TEST(OcrResponseTest, SaysTheOrientationOnlyWhenAsked) {
  EXPECT_EQ(RenderOcrResponse(1.0, Page({}, 270)), "{\"processing_time\": 1.0, \"results\": [], \"orientation\": 270}");
  EXPECT_EQ(RenderOcrResponse(1.0, Page({}, 0)), "{\"processing_time\": 1.0, \"results\": [], \"orientation\": 0}");
  EXPECT_EQ(RenderOcrResponsePages(1.0, {Page({}, 90), Page({}, 0)}),
            "{\"processing_time\": 1.0, \"results\": [[], []], \"orientation\": [90, 0]}");
  EXPECT_EQ(RenderOcrResponsePages(1.0, {Page({}), Page({})}), "{\"processing_time\": 1.0, \"results\": [[], []]}");
}

TEST(OcrResponseTest, RendersPagesAsNestedLists) {
  TextLine line{"a", 1.0f, Quad{}};
  const std::string json = RenderOcrResponsePages(2.0, {Page({}), Page({line})});
  EXPECT_EQ(json.substr(0, 42), "{\"processing_time\": 2.0, \"results\": [[], [");
}

}  // namespace
}  // namespace onnxocr::server

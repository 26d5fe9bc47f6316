#include "server/ocr_response.h"

#include <gtest/gtest.h>

#include <string>

namespace onnxocr::server {
namespace {

TEST(OcrResponseTest, RendersOnnxOcrShape) {
  TextLine line{"Hi", 0.5f, Quad{cv::Point2f(1, 2), cv::Point2f(3, 2), cv::Point2f(3, 4), cv::Point2f(1, 4)}};
  EXPECT_EQ(RenderOcrResponse(0.125, {line}),
            "{\"processing_time\": 0.125, \"results\": [{\"text\": \"Hi\", \"confidence\": 0.5, "
            "\"bounding_box\": [[1.0, 2.0], [3.0, 2.0], [3.0, 4.0], [1.0, 4.0]]}]}");
  EXPECT_EQ(RenderOcrResponse(1.0, {}), "{\"processing_time\": 1.0, \"results\": []}");
}

TEST(OcrResponseTest, RendersPagesAsNestedLists) {
  TextLine line{"a", 1.0f, Quad{}};
  const std::string json = RenderOcrResponsePages(2.0, {{}, {line}});
  EXPECT_EQ(json.substr(0, 42), "{\"processing_time\": 2.0, \"results\": [[], [");
}

}  // namespace
}  // namespace onnxocr::server

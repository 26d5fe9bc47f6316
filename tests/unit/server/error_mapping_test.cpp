#include "server/error_mapping.h"

#include <gtest/gtest.h>

namespace onnxocr::server {
namespace {

TEST(ErrorMappingTest, EveryCodeHasItsStatus) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kMalformedRequest), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kCorruptInput), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kLimitExceeded), 413);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnsupportedFormat), 415);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 422);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kDeadlineExceeded), 504);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kCancelled), 499);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kModelError), 500);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
}

TEST(ErrorMappingTest, BodiesAreJsonWithEscapedMessages) {
  const Error error = MakeError(ErrorCode::kInvalidArgument, "bad \"field\"\n");
  EXPECT_EQ(ErrorBody(error), R"({"error": "bad \"field\"\n", "code": "invalid_argument"})");
  EXPECT_EQ(MarkerErrorBody(error), R"({"success": false, "error": "bad \"field\"\n"})");
}

TEST(ErrorMappingTest, TheHttpLayersOwnRefusalsAreOurErrors) {
  EXPECT_EQ(HttpLayerError(413).code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(HttpLayerError(404).code, ErrorCode::kNotFound);
  EXPECT_EQ(HttpLayerError(403).code, ErrorCode::kNotFound);
  EXPECT_EQ(HttpLayerStatus(403), 404);  // a ".." path: no such route
  EXPECT_EQ(HttpLayerError(405).code, ErrorCode::kMethodNotAllowed);
  EXPECT_EQ(HttpLayerError(400).code, ErrorCode::kMalformedRequest);
  EXPECT_EQ(HttpLayerError(431).code, ErrorCode::kMalformedRequest);
  EXPECT_EQ(HttpLayerStatus(431), 431);
  EXPECT_EQ(HttpLayerError(500).code, ErrorCode::kInternal);
  EXPECT_EQ(ErrorCodeName(ErrorCode::kMethodNotAllowed), "method_not_allowed");
}

}  // namespace
}  // namespace onnxocr::server

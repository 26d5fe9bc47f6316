#include "server/error_mapping.h"

#include <gtest/gtest.h>

namespace onnxocr::server {
namespace {

TEST(ErrorMappingTest, EveryCodeHasItsStatus) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kMalformedRequest), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kCorruptInput), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kLimitExceeded), 413);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnsupportedFormat), 415);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 422);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kDeadlineExceeded), 504);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kModelError), 500);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
}

TEST(ErrorMappingTest, BodiesAreJsonWithEscapedMessages) {
  const Error error = MakeError(ErrorCode::kInvalidArgument, "bad \"field\"\n");
  EXPECT_EQ(ErrorBody(error), R"({"error": "bad \"field\"\n", "code": "invalid_argument"})");
  EXPECT_EQ(MarkerErrorBody(error), R"({"success": false, "error": "bad \"field\"\n"})");
}

}  // namespace
}  // namespace onnxocr::server

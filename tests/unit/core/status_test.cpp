#include "core/status.h"

#include <gtest/gtest.h>

#include <string>

namespace onnxocr {
namespace {

TEST(ResultTest, HoldsValueOrError) {
  Result<int> value = 7;
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 7);

  Result<int> error = MakeError(ErrorCode::kCorruptInput, "truncated");
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.error().code, ErrorCode::kCorruptInput);
  EXPECT_EQ(error.error().message, "truncated");
}

TEST(ResultTest, MovesValueOut) {
  Result<std::string> text = std::string("abc");
  std::string moved = std::move(text).value();
  EXPECT_EQ(moved, "abc");
}

TEST(StatusTest, DefaultIsOkAndErrorCarriesCode) {
  EXPECT_TRUE(Status().ok());
  EXPECT_TRUE(Status::Ok().ok());
  Status failed = MakeError(ErrorCode::kLimitExceeded, "too big");
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kLimitExceeded);
}

TEST(ErrorCodeNameTest, EveryCodeHasAStableName) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kMalformedRequest), "malformed_request");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kUnsupportedFormat), "unsupported_format");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kCorruptInput), "corrupt_input");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kLimitExceeded), "limit_exceeded");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kNotFound), "not_found");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kModelError), "model_error");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kUnavailable), "unavailable");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kDeadlineExceeded), "deadline_exceeded");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kInternal), "internal");
}

}  // namespace
}  // namespace onnxocr

#include "core/status.h"

#include <gtest/gtest.h>

#include <functional>
#include <new>
#include <stdexcept>
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
  EXPECT_EQ(ErrorCodeName(ErrorCode::kCancelled), "cancelled");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kInternal), "internal");
}

Error Caught(const std::function<void()>& thrower) {
  try {
    thrower();
  } catch (...) {
    return ErrorFromCurrentException("decoding");
  }
  return MakeError(ErrorCode::kInternal, "nothing was thrown");
}

TEST(ErrorFromCurrentExceptionTest, NamesWhatFailedAndKeepsTheMessage) {
  const Error error = Caught([] { throw std::runtime_error("bad marker"); });
  EXPECT_EQ(error.code, ErrorCode::kInternal);
  EXPECT_EQ(error.message, "decoding failed: bad marker");
}

TEST(ErrorFromCurrentExceptionTest, OutOfMemoryIsALimitNotABug) {
  const Error error = Caught([] { throw std::bad_alloc(); });
  EXPECT_EQ(error.code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(error.message, "out of memory (decoding)");
}

TEST(ErrorFromCurrentExceptionTest, AnythingThrownBecomesAnError) {
  const Error error = Caught([] { throw 42; });
  EXPECT_EQ(error.code, ErrorCode::kInternal);
  EXPECT_EQ(error.message, "decoding failed with an exception that is not a std::exception");
}

TEST(ErrorFromCurrentExceptionTest, TheCallerChoosesTheCodeOfOrdinaryFailures) {
  try {
    throw std::runtime_error("not ONNX");
  } catch (...) {
    const Error error = ErrorFromCurrentException("loading det.onnx", ErrorCode::kModelError);
    EXPECT_EQ(error.code, ErrorCode::kModelError);
    EXPECT_EQ(error.message, "loading det.onnx failed: not ONNX");
  }
}

}  // namespace
}  // namespace onnxocr

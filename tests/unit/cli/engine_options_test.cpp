#include "cli/engine_options.h"

#include <gtest/gtest.h>

#include <string>

namespace onnxocr::cli {
namespace {

TEST(EngineOptions, ModeSelectsTheRecognitionBatching) {
  EngineOptions options;
  EXPECT_TRUE(ValidateEngineOptions(options).ok());
  EXPECT_EQ(RequestOptions(options).rec_batching, RecBatching::kReference) << "parity is the default";

  options.mode = "fast";
  EXPECT_TRUE(ValidateEngineOptions(options).ok());
  EXPECT_EQ(RequestOptions(options).rec_batching, RecBatching::kWidthBudget);

  options.mode = "parity";
  EXPECT_EQ(RequestOptions(options).rec_batching, RecBatching::kReference);
}

TEST(EngineOptions, AnUnknownModeIsRefusedNamingTheFlagAndItsTwin) {
  EngineOptions options;
  options.mode = "turbo";
  const Status status = ValidateEngineOptions(options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "--mode (ONNXOCR_MODE) must be parity or fast, got 'turbo'");
}

TEST(EngineOptions, RequestOptionsCarryTheFlagOverrides) {
  EngineOptions options;
  options.use_angle_cls = false;
  options.det_limit_side_len = 1280;
  options.drop_score = 0.3f;
  ASSERT_TRUE(ValidateEngineOptions(options).ok());
  const OcrOptions request = RequestOptions(options);
  ASSERT_TRUE(request.use_angle_cls.has_value());
  EXPECT_FALSE(*request.use_angle_cls);
  ASSERT_TRUE(request.det_limit_side_len.has_value());
  EXPECT_EQ(*request.det_limit_side_len, 1280);
  ASSERT_TRUE(request.drop_score.has_value());
  EXPECT_FLOAT_EQ(*request.drop_score, 0.3f);
}

TEST(EngineOptions, TheFirstValueOutOfRangeIsReported) {
  EngineOptions options;
  options.det_limit_side_len = 16;
  options.decode_limits.max_side = 0;
  const Status status = ValidateEngineOptions(options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "--det-limit-side-len (ONNXOCR_DET_LIMIT_SIDE_LEN) must be in [32, 8192], got 16");

  options.det_limit_side_len.reset();
  const Status next = ValidateEngineOptions(options);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error().message, "--max-side (ONNXOCR_MAX_SIDE) must be in [1, 1048576], got 0");
}

}  // namespace
}  // namespace onnxocr::cli

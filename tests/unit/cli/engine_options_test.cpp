#include "cli/engine_options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/flag.h"
#include "core/request_options.h"

namespace onnxocr::cli {
namespace {

TEST(EngineOptions, ModeSelectsTheRecognitionBatching) {
  EngineOptions options;
  EXPECT_TRUE(ValidateEngineOptions(options).ok());
  EXPECT_EQ(RequestOptions(options)->rec_batching, RecBatching::kReference) << "parity is the default";

  options.mode = "fast";
  EXPECT_TRUE(ValidateEngineOptions(options).ok());
  EXPECT_EQ(RequestOptions(options)->rec_batching, RecBatching::kWidthBudget);

  options.mode = "parity";
  EXPECT_EQ(RequestOptions(options)->rec_batching, RecBatching::kReference);
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
  options.request_flags["use_angle_cls"] = "false";
  options.request_flags["det_limit_side_len"] = "1280";
  options.request_flags["drop_score"] = "0.3";
  options.request_flags["model"] = "ppocrv6-tiny";
  ASSERT_TRUE(ValidateEngineOptions(options).ok());
  const auto request = RequestOptions(options);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->use_angle_cls, std::optional<bool>(false));
  EXPECT_EQ(request->det_limit_side_len, std::optional<int>(1280));
  EXPECT_EQ(request->drop_score, std::optional<float>(0.3f));
  EXPECT_EQ(request->model, std::optional<std::string>("ppocrv6-tiny"));
  EXPECT_EQ(DefaultModel(options), "ppocrv6-tiny");
  EXPECT_EQ(DefaultModel(EngineOptions{}), kDefaultModelSet);
}

TEST(EngineOptions, EveryRequestOptionIsAFlagWithAnEnvTwin) {
  for (const FlagsFor flags_for : {FlagsFor::kOcr, FlagsFor::kServe}) {
    CLI::App app;
    EngineOptions options;
    AddEngineOptions(app, options, flags_for);
    for (const RequestOption& option : onnxocr::RequestOptions()) {
      const CLI::Option* flag = app.get_option_no_throw(OptionFlag(option));
      ASSERT_NE(flag, nullptr) << OptionFlag(option);
      EXPECT_EQ(flag->get_envname(), EnvTwin(OptionFlag(option)));
    }
    EXPECT_EQ(app.get_option_no_throw("--threads") != nullptr, flags_for == FlagsFor::kOcr);
  }
  CLI::App app;
  EngineOptions options;
  AddEngineOptions(app, options, FlagsFor::kServe);
  app.parse("--drop-score 0.25", /*program_name_included=*/false);
  EXPECT_EQ(RequestOptions(options)->drop_score, std::optional<float>(0.25f));
}

TEST(EngineOptions, ARequestFlagIsCheckedAsTheFieldIs) {
  EngineOptions options;
  options.request_flags["drop_score"] = "1.5";
  Status status = ValidateEngineOptions(options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "--drop-score (ONNXOCR_DROP_SCORE) must be a number in [0, 1], got '1.5'");
  options.request_flags["drop_score"].reset();
  options.request_flags["use_angle_cls"] = "sometimes";
  status = ValidateEngineOptions(options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "--use-angle-cls (ONNXOCR_USE_ANGLE_CLS) must be a boolean, got 'sometimes'");
}

TEST(EngineOptions, TheFirstValueOutOfRangeIsReported) {
  EngineOptions options;
  options.request_flags["det_limit_side_len"] = "16";
  options.decode_limits.max_side = 0;
  const Status status = ValidateEngineOptions(options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message,
            "--det-limit-side-len (ONNXOCR_DET_LIMIT_SIDE_LEN) must be an integer in [32, 8192], got '16'");

  options.request_flags["det_limit_side_len"].reset();
  const Status next = ValidateEngineOptions(options);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error().message, "--max-side (ONNXOCR_MAX_SIDE) must be in [1, 1048576], got 0");
}

}  // namespace
}  // namespace onnxocr::cli

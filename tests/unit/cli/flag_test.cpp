#include "cli/flag.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <string>

namespace onnxocr::cli {
namespace {

TEST(EnvTwin, UpperCasesTheLongFlagUnderThePrefix) {
  EXPECT_EQ(EnvTwin("--max-body-bytes"), "ONNXOCR_MAX_BODY_BYTES");
  EXPECT_EQ(EnvTwin("--port"), "ONNXOCR_PORT");
  EXPECT_EQ(EnvTwin("--warm-up"), "ONNXOCR_WARM_UP");
  EXPECT_EQ(FlagName("--cpu-list"), "--cpu-list (ONNXOCR_CPU_LIST)");
}

TEST(AddFlag, ReadsTheFlagOrItsEnvTwinAndShowsTheDefault) {
  int port = 5005;
  CLI::App app;
  AddFlag(app, "--port", port, "TCP port");
  EXPECT_NE(app.help().find("5005"), std::string::npos);

  ASSERT_EQ(setenv("ONNXOCR_PORT", "6006", 1), 0);
  app.parse(std::string("prog"), true);
  EXPECT_EQ(port, 6006);

  app.parse(std::string("prog --port 7007"), true);
  EXPECT_EQ(port, 7007) << "the flag wins over its env twin";
  unsetenv("ONNXOCR_PORT");
}

TEST(AddFlag, AnOptionalStaysEmptyWhenNotGiven) {
  std::optional<float> thresh;
  CLI::App app;
  AddFlag(app, "--det-thresh", thresh, "threshold");
  unsetenv("ONNXOCR_DET_THRESH");
  app.parse(std::string("prog"), true);
  EXPECT_FALSE(thresh.has_value());
  app.parse(std::string("prog --det-thresh 0.25"), true);
  ASSERT_TRUE(thresh.has_value());
  EXPECT_FLOAT_EQ(*thresh, 0.25f);
}

TEST(OutOfRange, NamesTheFlagItsTwinAndTheBounds) {
  EXPECT_FALSE(OutOfRange("--pdf-dpi", 72, 72, 600));
  EXPECT_FALSE(OutOfRange("--pdf-dpi", 600, 72, 600));
  const auto error = OutOfRange("--pdf-dpi", 601, 72, 600);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(error->message, "--pdf-dpi (ONNXOCR_PDF_DPI) must be in [72, 600], got 601");
  EXPECT_TRUE(OutOfRange<std::int64_t>("--max-pixels", 0, 1, std::int64_t{1} << 32));
}

TEST(ParseSwitch, AcceptsOnlyTheTwoWords) {
  auto on = ParseSwitch("--numa", "on");
  ASSERT_TRUE(on.ok());
  EXPECT_TRUE(*on);
  auto off = ParseSwitch("--numa", "off");
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(*off);
  auto fast = ParseSwitch("--mode", "fast", "parity", "fast");
  ASSERT_TRUE(fast.ok());
  EXPECT_FALSE(*fast);

  auto bad = ParseSwitch("--numa", "yes");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "--numa (ONNXOCR_NUMA) must be on or off, got 'yes'");
}

}  // namespace
}  // namespace onnxocr::cli

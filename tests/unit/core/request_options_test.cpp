#include "core/request_options.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace onnxocr {
namespace {

const RequestOption& Option(std::string_view name) {
  const RequestOption* option = FindRequestOption(name);
  EXPECT_NE(option, nullptr) << name;
  return option != nullptr ? *option : RequestOptions().front();
}

TEST(RequestOptionsTest, EveryFieldOfOcrOptionsIsDescribedOnceAndRoundTrips) {
  std::set<std::string_view> names;
  OcrOptions options;
  for (const RequestOption& option : RequestOptions()) {
    EXPECT_TRUE(names.insert(option.name).second) << "described twice: " << option.name;
    EXPECT_FALSE(option.get(options)) << option.name << " starts unset";
    EXPECT_FALSE(option.meaning.empty()) << option.name;
    EXPECT_FALSE(option.default_text.empty()) << option.name;
  }
  // Each option stores into its own field: setting all of them from text
  // sets what each one reads back.
  ASSERT_TRUE(ApplyOptionText(Option("use_angle_cls"), "off", "use_angle_cls", options).ok());
  ASSERT_TRUE(ApplyOptionText(Option("det_limit_side_len"), "1280", "det_limit_side_len", options).ok());
  ASSERT_TRUE(ApplyOptionText(Option("drop_score"), "0.7", "drop_score", options).ok());
  ASSERT_TRUE(ApplyOptionText(Option("model"), "ppocrv6-tiny", "model", options).ok());
  ASSERT_TRUE(ApplyOptionText(Option("word_boxes"), "yes", "word_boxes", options).ok());
  ASSERT_TRUE(ApplyOptionText(Option("lang"), "fr", "lang", options).ok());
  ASSERT_TRUE(ApplyOptionText(Option("use_doc_orientation"), "on", "use_doc_orientation", options).ok());
  EXPECT_EQ(options.lang, std::optional<std::string>("fr"));
  EXPECT_EQ(options.use_doc_orientation, std::optional<bool>(true));
  EXPECT_EQ(options.word_boxes, std::optional<bool>(true));
  EXPECT_EQ(options.use_angle_cls, std::optional<bool>(false));
  EXPECT_EQ(options.det_limit_side_len, std::optional<int>(1280));
  EXPECT_EQ(options.drop_score, std::optional<float>(0.7f));
  EXPECT_EQ(options.model, std::optional<std::string>("ppocrv6-tiny"));
  EXPECT_EQ(OptionValueJson(*Option("drop_score").get(options)), "0.7") << "the float's shortest text";
  EXPECT_EQ(OptionValueJson(*Option("model").get(options)), "\"ppocrv6-tiny\"");
  EXPECT_EQ(names.size(), 7u);
}

TEST(RequestOptionsTest, FlagsAndExpectationsComeFromTheDescription) {
  EXPECT_EQ(OptionFlag(Option("det_limit_side_len")), "--det-limit-side-len");
  EXPECT_EQ(OptionExpectation(Option("det_limit_side_len")), "an integer in [32, 8192]");
  EXPECT_EQ(OptionExpectation(Option("drop_score")), "a number in [0, 1]");
  EXPECT_EQ(OptionExpectation(Option("use_angle_cls")), "a boolean");
  EXPECT_NE(Option("model").default_text.find(kDefaultModelSet), std::string_view::npos);
  EXPECT_EQ(FindRequestOption("image"), nullptr) << "the image is not an option";
}

TEST(RequestOptionsTest, ValuesAreCheckedForTypeAndRange) {
  OcrOptions options;
  const RequestOption& side = Option("det_limit_side_len");
  EXPECT_TRUE(ApplyOption(side, OptionValue{std::int64_t{32}}, "side", options).ok());
  EXPECT_TRUE(ApplyOption(side, OptionValue{std::int64_t{8192}}, "side", options).ok());
  const Status low = ApplyOption(side, OptionValue{std::int64_t{31}}, "det_limit_side_len", options);
  ASSERT_FALSE(low.ok());
  EXPECT_EQ(low.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(low.error().message, "det_limit_side_len must be an integer in [32, 8192]");
  EXPECT_FALSE(ApplyOption(side, OptionValue{960.0}, "side", options).ok()) << "a double is not an integer";
  EXPECT_EQ(options.det_limit_side_len, std::optional<int>(8192)) << "a refused value changes nothing";

  const RequestOption& score = Option("drop_score");
  EXPECT_TRUE(ApplyOption(score, OptionValue{std::int64_t{1}}, "score", options).ok()) << "an integer is a number";
  EXPECT_EQ(options.drop_score, std::optional<float>(1.0f));
  EXPECT_FALSE(ApplyOption(score, OptionValue{1.5}, "score", options).ok());
  EXPECT_FALSE(ApplyOption(score, OptionValue{std::string("0.5")}, "score", options).ok());
  EXPECT_FALSE(ApplyOption(Option("use_angle_cls"), OptionValue{std::int64_t{1}}, "cls", options).ok());
  EXPECT_FALSE(ApplyOption(Option("model"), OptionValue{std::string()}, "model", options).ok());
  EXPECT_FALSE(ApplyOption(Option("model"), OptionValue{std::string(129, 'm')}, "model", options).ok());
}

TEST(RequestOptionsTest, TextIsParsedWholeAndErrorsQuoteIt) {
  OcrOptions options;
  const RequestOption& side = Option("det_limit_side_len");
  for (const char* bad : {"64px", "", " 64", "1e3", "99999"}) {
    EXPECT_FALSE(ApplyOptionText(side, bad, "side", options).ok()) << bad;
  }
  const Status status = ApplyOptionText(Option("drop_score"), "abc", "--drop-score (ONNXOCR_DROP_SCORE)", options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "--drop-score (ONNXOCR_DROP_SCORE) must be a number in [0, 1], got 'abc'");
  EXPECT_FALSE(ApplyOptionText(Option("drop_score"), "nan", "score", options).ok());
  EXPECT_FALSE(ApplyOptionText(Option("use_angle_cls"), "maybe", "cls", options).ok());
  EXPECT_FALSE(options.det_limit_side_len || options.drop_score || options.use_angle_cls);
}

TEST(ParseBoolTextTest, AcceptsCommonSpellings) {
  EXPECT_EQ(ParseBoolText("TRUE"), true);
  EXPECT_EQ(ParseBoolText("on"), true);
  EXPECT_EQ(ParseBoolText("0"), false);
  EXPECT_EQ(ParseBoolText("No"), false);
  EXPECT_EQ(ParseBoolText(""), std::nullopt);
  EXPECT_EQ(ParseBoolText("2"), std::nullopt);
}

TEST(WithDefaultsTest, TheRequestsOptionsWinAndTheServerGivesTheRest) {
  OcrOptions server;
  server.rec_batching = RecBatching::kWidthBudget;
  server.use_angle_cls = false;
  server.det_limit_side_len = 320;
  server.drop_score = 0.9f;
  server.model = "ppocrv5-mobile";
  OcrOptions request;
  request.rec_batching = RecBatching::kReference;  // not the request's to choose
  request.drop_score = 0.2f;
  request.model = "ppocrv6-tiny";
  const OcrOptions merged = WithDefaults(request, server);
  EXPECT_EQ(merged.rec_batching, RecBatching::kWidthBudget);
  EXPECT_EQ(merged.use_angle_cls, std::optional<bool>(false));
  EXPECT_EQ(merged.det_limit_side_len, std::optional<int>(320));
  EXPECT_EQ(merged.drop_score, std::optional<float>(0.2f));
  EXPECT_EQ(merged.model, std::optional<std::string>("ppocrv6-tiny"));
  // Nothing set anywhere stays unset: the model set's defaults apply later.
  const OcrOptions empty = WithDefaults(OcrOptions{}, OcrOptions{});
  for (const RequestOption& option : RequestOptions()) EXPECT_FALSE(option.get(empty)) << option.name;
}

}  // namespace
}  // namespace onnxocr

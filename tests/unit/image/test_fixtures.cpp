#include "test_fixtures.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>

namespace onnxocr::testing {
namespace {

std::string FixturePath(const std::string& name) {
  return std::string(ONNXOCR_DECODE_FIXTURES) + "/" + name;
}

std::vector<std::uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

std::vector<std::uint8_t> ReadFixture(const std::string& name) {
  return ReadFile(FixturePath(name));
}

std::vector<cv::Mat> ExpectedPages(const std::string& name) {
  std::ifstream manifest(FixturePath("expected.txt"));
  EXPECT_TRUE(manifest.good()) << "missing expected.txt";
  std::vector<cv::Mat> pages;
  std::string line;
  while (std::getline(manifest, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string fixture, raw_name;
    int page = 0, rows = 0, cols = 0;
    fields >> fixture >> page >> rows >> cols >> raw_name;
    if (fixture != name) continue;
    EXPECT_EQ(page, static_cast<int>(pages.size())) << "expected.txt pages out of order for " << name;
    const std::vector<std::uint8_t> raw = ReadFile(FixturePath("expected/" + raw_name));
    EXPECT_EQ(raw.size(), static_cast<std::size_t>(rows) * cols * 3) << raw_name;
    cv::Mat expected(rows, cols, CV_8UC3);
    if (raw.size() == expected.total() * 3) std::copy(raw.begin(), raw.end(), expected.data);
    pages.push_back(expected);
  }
  EXPECT_FALSE(pages.empty()) << "no expectation for " << name;
  return pages;
}

void ExpectMatchesOpenCv(const std::string& name, int max_difference) {
  SCOPED_TRACE(name);
  const std::vector<std::uint8_t> bytes = ReadFixture(name);
  const Result<std::vector<cv::Mat>> decoded = DecodeImage(bytes, DecodeLimits{});
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  const std::vector<cv::Mat> expected = ExpectedPages(name);
  ASSERT_EQ(decoded->size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const cv::Mat& actual = (*decoded)[i];
    ASSERT_EQ(actual.type(), CV_8UC3) << "page " << i;
    ASSERT_EQ(actual.size(), expected[i].size()) << "page " << i;
    double worst = 0;
    cv::minMaxLoc(cv::abs(actual - expected[i]) + cv::abs(expected[i] - actual), nullptr, &worst);
    EXPECT_LE(worst, max_difference) << "page " << i << " differs from cv2.imdecode by up to " << worst;
  }
}

std::vector<std::uint8_t> Truncated(const std::string& name, std::size_t size) {
  std::vector<std::uint8_t> bytes = ReadFixture(name);
  if (size < bytes.size()) bytes.resize(size);
  return bytes;
}

void ExpectDecodeError(const std::vector<std::uint8_t>& bytes, ErrorCode code, const DecodeLimits& limits) {
  const Result<std::vector<cv::Mat>> decoded = DecodeImage(bytes, limits);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, code) << ErrorCodeName(decoded.error().code) << ": " << decoded.error().message;
  EXPECT_FALSE(decoded.error().message.empty());
}

}  // namespace onnxocr::testing

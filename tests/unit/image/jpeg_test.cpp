#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "test_fixtures.h"

namespace onnxocr {
namespace {

using testing::ExpectDecodeError;
using testing::ExpectMatchesOpenCv;

// Same libjpeg settings as OpenCV (ISLOW, fancy upsampling); allow 1 level for
// libjpeg-turbo version differences.
constexpr int kJpegTolerance = 1;

TEST(JpegDecode, Baseline420) {
  ExpectMatchesOpenCv("jpeg_baseline.jpg", kJpegTolerance);
}
TEST(JpegDecode, Baseline444) {
  ExpectMatchesOpenCv("jpeg_444.jpg", kJpegTolerance);
}
TEST(JpegDecode, Progressive) {
  ExpectMatchesOpenCv("jpeg_progressive.jpg", kJpegTolerance);
}
TEST(JpegDecode, GrayIsReplicated) {
  ExpectMatchesOpenCv("jpeg_gray.jpg", kJpegTolerance);
  const auto decoded = DecodeImage(testing::ReadFixture("jpeg_gray.jpg"), DecodeLimits{});
  ASSERT_TRUE(decoded.ok());
  std::vector<cv::Mat> planes;
  cv::split(decoded->front(), planes);
  EXPECT_EQ(cv::countNonZero(planes[0] != planes[1]), 0);
  EXPECT_EQ(cv::countNonZero(planes[1] != planes[2]), 0);
}
TEST(JpegDecode, AdobeCmyk) {
  ExpectMatchesOpenCv("jpeg_cmyk.jpg", kJpegTolerance);
}

TEST(JpegDecode, TruncatedIsCorrupt) {
  for (const char* name : {"jpeg_baseline.jpg", "jpeg_progressive.jpg"}) {
    const std::size_t size = testing::ReadFixture(name).size();
    for (std::size_t cut : {std::size_t{3}, std::size_t{100}, size / 2, size - 2}) {
      SCOPED_TRACE(std::string(name) + " cut at " + std::to_string(cut));
      ExpectDecodeError(testing::Truncated(name, cut), ErrorCode::kCorruptInput);
    }
  }
}

TEST(JpegDecode, CorruptEntropyDataIsAnError) {
  std::vector<std::uint8_t> bytes = testing::ReadFixture("jpeg_baseline.jpg");
  // Insert a bogus marker in the middle of the scan: libjpeg only warns
  // ("corrupt JPEG data"), which we must turn into an error.
  bytes.insert(bytes.end() - 200, {0xFF, 0xD3, 0x12, 0x34});
  ExpectDecodeError(bytes, ErrorCode::kCorruptInput);
}

TEST(JpegDecode, ConcurrentDecodesAgree) {
  const std::vector<std::uint8_t> bytes = testing::ReadFixture("jpeg_progressive.jpg");
  const auto reference = DecodeImage(bytes, DecodeLimits{});
  ASSERT_TRUE(reference.ok());
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        const auto decoded = DecodeImage(bytes, DecodeLimits{});
        if (!decoded.ok() || cv::norm(decoded->front(), reference->front(), cv::NORM_INF) != 0) ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace onnxocr

namespace onnxocr {
namespace {

TEST(JpegDecode, RepeatedProgressiveScansAreRejected) {
  std::vector<std::uint8_t> bytes = testing::ReadFixture("jpeg_progressive.jpg");
  // Repeat the final scan (SOS .. EOI) 1500 times: libjpeg flags the bogus
  // progression (a warning we treat as an error) or the scan-count limit fires.
  std::size_t last_sos = 0;
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (bytes[i] == 0xFF && bytes[i + 1] == 0xDA) last_sos = i;
  }
  ASSERT_GT(last_sos, 0u);
  const std::vector<std::uint8_t> scan(bytes.begin() + static_cast<std::ptrdiff_t>(last_sos), bytes.end() - 2);
  std::vector<std::uint8_t> hostile(bytes.begin(), bytes.end() - 2);
  for (int i = 0; i < 1500; ++i) hostile.insert(hostile.end(), scan.begin(), scan.end());
  hostile.insert(hostile.end(), {0xFF, 0xD9});
  testing::ExpectDecodeError(hostile, ErrorCode::kCorruptInput);
}

}  // namespace
}  // namespace onnxocr

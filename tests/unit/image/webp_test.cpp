#include <gtest/gtest.h>

#include "test_fixtures.h"

namespace onnxocr {
namespace {

using testing::ExpectDecodeError;
using testing::ExpectMatchesOpenCv;

TEST(WebpDecode, Lossy) {
  ExpectMatchesOpenCv("webp_lossy.webp");
}
TEST(WebpDecode, LosslessWithAlpha) {
  ExpectMatchesOpenCv("webp_lossless_alpha.webp");
}
TEST(WebpDecode, LossyWithAlpha) {
  ExpectMatchesOpenCv("webp_lossy_alpha.webp");
}

TEST(WebpDecode, TruncatedIsCorrupt) {
  for (const char* name : {"webp_lossy.webp", "webp_lossless_alpha.webp"}) {
    const std::size_t size = testing::ReadFixture(name).size();
    for (std::size_t cut : {std::size_t{16}, std::size_t{30}, size / 2, size - 1}) {
      SCOPED_TRACE(std::string(name) + " cut at " + std::to_string(cut));
      ExpectDecodeError(testing::Truncated(name, cut), ErrorCode::kCorruptInput);
    }
  }
}

}  // namespace
}  // namespace onnxocr

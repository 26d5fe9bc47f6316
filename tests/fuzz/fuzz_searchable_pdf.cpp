// (7) The searchable PDF writer: pages built from the input with
// FuzzedDataProvider (sizes, a small picture of fuzzed pixels or none, lines
// with or without word boxes, any bytes as text, coordinates up to extremes),
// written with cairo. Checks the promises of core/document/searchable_pdf.h:
// a page outside (0, 14400] points or a picture that is not 8-bit BGR is
// kInvalidArgument; anything else is a PDF ("%PDF-" ... "%%EOF"), whatever the
// text and boxes. Pictures of JPEG bytes are the caller's (a decoded JPEG),
// so they are not fuzzed here; the decoders have their own targets.
#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/document/searchable_pdf.h"
#include "fuzz_util.h"

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr std::array<float, 8> kSpecialCoords = {0.0f, -0.0f, 1e-7f, 1e7f, 1e30f, kInf, -kInf, -1e7f};

float Coord(FuzzedDataProvider& fdp) {
  const auto selector = fdp.ConsumeIntegral<std::uint8_t>();
  if (selector < 248) return static_cast<float>(fdp.ConsumeIntegralInRange<int>(-256, 16383)) * 0.25f;
  return kSpecialCoords[selector - 248];
}

onnxocr::Quad FreeQuad(FuzzedDataProvider& fdp) {
  onnxocr::Quad quad;
  for (cv::Point2f& corner : quad) corner = cv::Point2f(Coord(fdp), Coord(fdp));
  return quad;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider fdp(data, size);
  std::vector<onnxocr::SearchablePdfPage> pages(fdp.ConsumeIntegralInRange<std::size_t>(0, 3));
  bool valid = !pages.empty();
  for (onnxocr::SearchablePdfPage& page : pages) {
    page.width_points = fdp.ConsumeIntegralInRange<int>(-2, 15000);
    page.height_points = fdp.ConsumeIntegralInRange<int>(-2, 15000);
    page.points_per_pixel = fdp.ConsumeIntegralInRange<int>(1, 400) / 100.0;
    valid = valid && page.width_points > 0 && page.height_points > 0 && page.width_points <= 14400 &&
            page.height_points <= 14400;
    if (fdp.ConsumeBool()) {
      const int rows = fdp.ConsumeIntegralInRange<int>(1, 24);
      const int cols = fdp.ConsumeIntegralInRange<int>(1, 24);
      const bool grey = fdp.ConsumeIntegralInRange<int>(0, 15) == 0;
      cv::Mat pixels(rows, cols, grey ? CV_8UC1 : CV_8UC3);
      for (std::size_t i = 0; i < pixels.total() * pixels.elemSize(); ++i) pixels.data[i] = fdp.ConsumeIntegral<std::uint8_t>();
      valid = valid && !grey;
      page.picture = onnxocr::PdfPagePicture{pixels, {}, 1};
    }
    page.lines.resize(fdp.ConsumeIntegralInRange<std::size_t>(0, 12));
    for (onnxocr::TextLine& line : page.lines) {
      line.text = fdp.ConsumeRandomLengthString(48);
      line.box = FreeQuad(fdp);
      if (fdp.ConsumeBool()) {
        line.words.emplace(fdp.ConsumeIntegralInRange<std::size_t>(0, 6));
        for (onnxocr::TextWord& word : *line.words) {
          word.text = fdp.ConsumeRandomLengthString(12);
          word.box = FreeQuad(fdp);
        }
      }
    }
  }
  auto pdf = onnxocr::WriteSearchablePdf(pages);
  if (!valid) {
    FUZZ_CHECK(!pdf.ok() && pdf.error().code == onnxocr::ErrorCode::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK_MSG(pdf.ok(), pdf.ok() ? "" : pdf.error().message);
  FUZZ_CHECK(pdf->rfind("%PDF-", 0) == 0);
  FUZZ_CHECK(pdf->find("%%EOF", pdf->size() > 16 ? pdf->size() - 16 : 0) != std::string::npos);
  return 0;
}

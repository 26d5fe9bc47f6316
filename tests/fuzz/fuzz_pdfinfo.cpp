// (5a) pdfinfo's report -> PdfInfo, then what the server does with each
// described page before pdftoppm runs: ChooseOcrDpi and RasterizePdfPage's
// pixel-count check. With max_page_pixels = 0 that check must refuse every
// page (kLimitExceeded) before any subprocess starts, so no tool runs here.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/pdf/pdf_document.h"
#include "core/pdf/pdf_parsers.h"
#include "fuzz_util.h"

namespace {

void Check(std::string_view report, int first_page) {
  auto info = onnxocr::ParsePdfInfoOutput(report, first_page);
  if (!info.ok()) {
    FUZZ_CHECK_MSG(info.error().code == onnxocr::ErrorCode::kCorruptInput, info.error().message);
    return;
  }
  FUZZ_CHECK(info->page_count >= 1 && info->page_count <= 1'000'000);
  FUZZ_CHECK(info->page_sizes.size() <= static_cast<std::size_t>(info->page_count));
  onnxocr::PdfLimits limits;
  limits.max_page_pixels = 0;  // refuse every page before pdftoppm would run
  for (std::size_t i = 0; i < info->page_sizes.size(); ++i) {
    const onnxocr::PdfPageSize size = info->page_sizes[i];
    FUZZ_CHECK(std::isfinite(size.width_pt) && size.width_pt > 0);
    FUZZ_CHECK(std::isfinite(size.height_pt) && size.height_pt > 0);
    const int dpi = onnxocr::ChooseOcrDpi(size.width_pt, size.height_pt);
    FUZZ_CHECK(dpi >= 72 && dpi <= 200);
    // page_sizes[i] describes page first_page + i; RasterizePdfPage reads page_sizes[page]
    // (InspectPdf always parses with first_page 0), so only ask for described pages.
    if (first_page != 0 || i >= static_cast<std::size_t>(info->page_count)) continue;
    auto raster = onnxocr::RasterizePdfPage("/nonexistent/fuzz.pdf", *info, static_cast<int>(i), dpi, limits);
    FUZZ_CHECK(!raster.ok());
    FUZZ_CHECK_MSG(raster.error().code == onnxocr::ErrorCode::kLimitExceeded, raster.error().message);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view report(reinterpret_cast<const char*>(data), size);
  Check(report, 0);
  Check(report, 2);
  return 0;
}

// (6) The document renderers: a document built from the input with
// FuzzedDataProvider (lines with or without word boxes), rendered in every
// text OutputFormat (hOCR included) with and without
// pagination, plus marker's page_stats and the /ocr JSON responses. Checks
// the promises in core/document/render.h and server/ocr_response.h: output is
// valid UTF-8, json/chunks/page_stats/responses are valid JSON, html is well
// formed. The input layout is documented in README.md and produced by
// make_corpus.py (render seeds from tests/data/golden).
//
// Values stay within what the producers can hand the renderers: OCR boxes and
// text-layer boxes are finite floats or +-inf (a huge finite double from
// pdftotext cast to float), never NaN; page sizes are finite and >= 0.
#include <fuzzer/FuzzedDataProvider.h>
#include <simdjson.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/document/page_stats.h"
#include "core/document/table_of_contents.h"
#include "core/document/render.h"
#include "core/json_text.h"
#include "server/ocr_response.h"
#include "fuzz_util.h"

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr std::array<float, 16> kSpecialCoords = {
    0.0f, -0.0f, 1e-40f, 1e-7f, 0.5f, 65535.0f, 1e7f, 16777217.0f, 1e15f, 1e20f, 1e30f,
    std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(), kInf, -kInf, -1e7f};
constexpr std::array<double, 16> kSpecialSizes = {
    0.0, 0.25, 1.0, 3.0, 1e5, 1e7, 16777217.0, 1e15, 1e20, 1e30, 1e38, 1e39, 1e100, 1e300,
    std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min()};

// A coordinate: mostly quarter pixels in [-64, 8192), sometimes an extreme.
float Coord(FuzzedDataProvider& fdp) {
  const auto selector = fdp.ConsumeIntegral<std::uint8_t>();
  if (selector < 240) return static_cast<float>(fdp.ConsumeIntegralInRange<int>(-256, 32767)) * 0.25f;
  return kSpecialCoords[selector - 240];
}

double PageSize(FuzzedDataProvider& fdp) {
  const auto selector = fdp.ConsumeIntegral<std::uint8_t>();
  if (selector < 240) return fdp.ConsumeIntegralInRange<int>(0, 8191);
  return kSpecialSizes[selector - 240];
}

std::vector<onnxocr::DocumentPage> BuildDocument(FuzzedDataProvider& fdp) {
  std::vector<onnxocr::DocumentPage> pages(fdp.ConsumeIntegralInRange<std::size_t>(0, 4));
  for (onnxocr::DocumentPage& page : pages) {
    page.page_id = fdp.ConsumeIntegralInRange<int>(0, 1'000'000);
    page.source = fdp.ConsumeBool() ? onnxocr::TextSource::kPdfText : onnxocr::TextSource::kOcr;
    page.width = PageSize(fdp);
    page.height = PageSize(fdp);
    if (fdp.ConsumeBool()) page.orientation = 90 * fdp.ConsumeIntegralInRange<int>(0, 3);  // read turned
    page.lines.resize(fdp.ConsumeIntegralInRange<std::size_t>(0, 48));
    for (onnxocr::TextLine& line : page.lines) {
      line.text = fdp.ConsumeRandomLengthString(96);
      if (fdp.ConsumeBool()) {  // word boxes (hocr): free quads, any text
        line.words.emplace(fdp.ConsumeIntegralInRange<std::size_t>(0, 6));
        for (onnxocr::TextWord& word : *line.words) {
          word.text = fdp.ConsumeRandomLengthString(16);
          word.confidence = static_cast<float>(fdp.ConsumeIntegralInRange<int>(0, 1000)) / 1000.0f;
          for (cv::Point2f& corner : word.box) corner = cv::Point2f(Coord(fdp), Coord(fdp));
        }
      }
      line.confidence = static_cast<float>(fdp.ConsumeIntegralInRange<int>(0, 1000)) / 1000.0f;
      if (fdp.ConsumeBool()) {  // four free corners (OCR quads are rotated)
        for (cv::Point2f& corner : line.box) corner = cv::Point2f(Coord(fdp), Coord(fdp));
      } else {  // an axis-aligned box (text layer)
        const float x = Coord(fdp), y = Coord(fdp);
        const float w = static_cast<float>(fdp.ConsumeIntegralInRange<int>(0, 4095)) * 0.25f;
        const float h = static_cast<float>(fdp.ConsumeIntegralInRange<int>(0, 4095)) * 0.25f;
        line.box = onnxocr::Quad{cv::Point2f(x, y), cv::Point2f(x + w, y), cv::Point2f(x + w, y + h),
                                 cv::Point2f(x, y + h)};
      }
    }
  }
  return pages;
}

void CheckJson(simdjson::dom::parser& parser, const std::string& json) {
  FUZZ_CHECK_MSG(onnxocr::fuzz::IsValidUtf8(json), json.substr(0, 2000));
  simdjson::dom::element root;
  FUZZ_CHECK_MSG(parser.parse(json).get(root) == simdjson::SUCCESS, json.substr(0, 2000));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider fdp(data, size);
  const std::vector<onnxocr::DocumentPage> pages = BuildDocument(fdp);

  static simdjson::dom::parser parser;  // reused: its buffers are not per input
  for (const bool paginate : {false, true}) {
    for (const auto format : {onnxocr::OutputFormat::kMarkdown, onnxocr::OutputFormat::kJson,
                              onnxocr::OutputFormat::kHtml, onnxocr::OutputFormat::kChunks,
                              onnxocr::OutputFormat::kText, onnxocr::OutputFormat::kHocr}) {
      const bool page_structured = format == onnxocr::OutputFormat::kJson ||
                                   format == onnxocr::OutputFormat::kChunks || format == onnxocr::OutputFormat::kHocr;
      if (page_structured && !paginate) continue;  // json and chunks ignore `paginate`
      const std::string out = onnxocr::RenderDocument(pages, format, paginate);
      FUZZ_CHECK(onnxocr::fuzz::IsValidUtf8(out));
      switch (format) {
        case onnxocr::OutputFormat::kJson:
        case onnxocr::OutputFormat::kChunks: CheckJson(parser, out); break;
        case onnxocr::OutputFormat::kHtml: {
          const std::string problem = onnxocr::fuzz::HtmlProblem(out);
          FUZZ_CHECK_MSG(problem.empty(), problem);
          break;
        }
        case onnxocr::OutputFormat::kHocr: {
          // XHTML: the XML declaration, then well-formed markup.
          constexpr std::string_view kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
          FUZZ_CHECK(std::string_view(out).starts_with(kDeclaration));
          const std::string problem = onnxocr::fuzz::HtmlProblem(std::string_view(out).substr(kDeclaration.size()));
          FUZZ_CHECK_MSG(problem.empty(), problem);
          break;
        }
        case onnxocr::OutputFormat::kMarkdown:
        case onnxocr::OutputFormat::kText:
        case onnxocr::OutputFormat::kPdf: break;
      }
      auto parsed_name = onnxocr::ParseOutputFormat(onnxocr::OutputFormatName(format));
      FUZZ_CHECK(parsed_name.ok() && *parsed_name == format);
    }
  }
  CheckJson(parser, onnxocr::RenderPageStats(pages));
  CheckJson(parser, onnxocr::RenderTableOfContents(pages));

  std::vector<onnxocr::OcrResult> per_page;
  for (const auto& page : pages) per_page.push_back(onnxocr::OcrResult{page.lines, {}, page.orientation});
  CheckJson(parser, onnxocr::server::RenderOcrResponsePages(0.125, per_page));
  if (!per_page.empty()) CheckJson(parser, onnxocr::server::RenderOcrResponse(1.5, per_page.front()));

  // Whatever bytes are left: the output_format field's validation.
  const std::string rest = fdp.ConsumeRemainingBytesAsString();
  auto format = onnxocr::ParseOutputFormat(rest);
  if (!format.ok()) {
    FUZZ_CHECK(format.error().code == onnxocr::ErrorCode::kInvalidArgument);
    FUZZ_CHECK(onnxocr::fuzz::IsValidUtf8(format.error().message));
  }
  return 0;
}

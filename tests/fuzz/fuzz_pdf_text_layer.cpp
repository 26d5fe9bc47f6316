// (5b) pdftotext -bbox-layout XHTML -> DocumentPages (ParseTextLayerXhtml,
// DecodeXmlEntities), then what /marker/upload does with a text layer:
// PageHasTextLayer and every renderer. The renderers' promises (valid UTF-8,
// valid JSON, well-formed HTML) are checked on parser output, which can carry
// extreme boxes (any finite double, so +-inf after the cast to float).
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/document/page_stats.h"
#include "core/document/render.h"
#include "core/pdf/pdf_document.h"
#include "core/pdf/pdf_parsers.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view xhtml(reinterpret_cast<const char*>(data), size);

  const std::string decoded = onnxocr::DecodeXmlEntities(xhtml);
  FUZZ_CHECK(decoded.size() <= xhtml.size() * 4);

  constexpr int kFirstPage = 3;
  auto pages = onnxocr::ParseTextLayerXhtml(xhtml, kFirstPage);
  if (!pages.ok()) {
    FUZZ_CHECK_MSG(pages.error().code == onnxocr::ErrorCode::kCorruptInput, pages.error().message);
    return 0;
  }
  for (std::size_t i = 0; i < pages->size(); ++i) {
    const onnxocr::DocumentPage& page = (*pages)[i];
    FUZZ_CHECK(page.page_id == kFirstPage + static_cast<int>(i));
    FUZZ_CHECK(page.source == onnxocr::TextSource::kPdfText);
    FUZZ_CHECK(page.width >= 0 && page.height >= 0);
    for (const auto& line : page.lines) FUZZ_CHECK(!line.text.empty());
    (void)onnxocr::PageHasTextLayer(page);
  }
  if (pages->size() > 64) return 0;  // the server renders at most max_pdf_pages pages

  static simdjson::dom::parser parser;  // reused: its buffers are not per input
  for (const auto format : {onnxocr::OutputFormat::kMarkdown, onnxocr::OutputFormat::kJson,
                            onnxocr::OutputFormat::kHtml, onnxocr::OutputFormat::kChunks,
                            onnxocr::OutputFormat::kText}) {
    const std::string out = onnxocr::RenderDocument(*pages, format, /*paginate=*/true);
    FUZZ_CHECK(onnxocr::fuzz::IsValidUtf8(out));
    if (format == onnxocr::OutputFormat::kJson || format == onnxocr::OutputFormat::kChunks) {
      simdjson::dom::element root;
      FUZZ_CHECK_MSG(parser.parse(out).get(root) == simdjson::SUCCESS, out.substr(0, 2000));
    }
    if (format == onnxocr::OutputFormat::kHtml) {
      const std::string problem = onnxocr::fuzz::HtmlProblem(out);
      FUZZ_CHECK_MSG(problem.empty(), problem);
    }
  }
  const std::string stats = onnxocr::RenderPageStats(*pages);
  simdjson::dom::element root;
  FUZZ_CHECK_MSG(parser.parse(stats).get(root) == simdjson::SUCCESS, stats.substr(0, 2000));
  return 0;
}

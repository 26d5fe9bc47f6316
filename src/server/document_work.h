// PDFs and documents on worker threads: OCR of every PDF page for /ocr, and
// marker's /marker/upload (text layer unless force_ocr, OCR otherwise,
// rendered as markdown/json/html/chunks/text). Stateless.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/document/render.h"
#include "core/status.h"
#include "runtime/model_registry.h"
#include "server/ocr_work.h"
#include "server/serve_options.h"

namespace onnxocr::server {

struct DocumentRequest {
  std::string page_range;  // marker syntax, 0-based; empty = all pages
  bool force_ocr = false;
  bool paginate = false;
  OutputFormat format = OutputFormat::kMarkdown;
};

// Every page of a PDF (at most options.max_pdf_pages), rasterised and OCR'd.
Result<std::vector<std::vector<TextLine>>> RecognizePdfPages(const ModelSet& models, std::span<const std::uint8_t> pdf,
                                                             const OcrOptions& ocr_options, const ServeOptions& options,
                                                             const WorkContext& context);

// The selected pages of a PDF or image as a document.
Result<std::vector<DocumentPage>> BuildDocument(const ModelSet& models, std::span<const std::uint8_t> file,
                                                const DocumentRequest& request, const OcrOptions& ocr_options,
                                                const ServeOptions& options, const WorkContext& context);

// marker's success body: {"format", "output", "images": {}, "metadata": {"page_stats"}, "success": true}.
std::string RenderMarkerResponse(const std::vector<DocumentPage>& pages, const DocumentRequest& request);

}  // namespace onnxocr::server

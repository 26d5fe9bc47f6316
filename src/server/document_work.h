// PDFs and documents on worker threads: OCR of every PDF page for /ocr, and
// marker's /marker/upload (text layer unless force_ocr, OCR otherwise,
// rendered as markdown/json/html/chunks/text). Stateless.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/document/render.h"
#include "core/opencv.h"
#include "core/pdf/pdf_parsers.h"
#include "core/stage_executor.h"
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

// A document file: its bytes, and where it already lies on disk (a job's
// upload) so that a PDF need not be copied for poppler; `path` may be empty.
struct DocumentFile {
  std::span<const std::uint8_t> bytes;  // for a PDF with a path: at least its first bytes (format sniffing)
  std::string path;
};

// The selected pages of an opened document, each made on demand on any
// thread: a PDF page's text layer, or the page rasterised (PDF) or taken
// (TIFF frame, image) and OCR'd with the given models. Holds references to
// the OCR options and the work context it was opened with, which must
// outlive it. Move-only; Page is thread-safe.
class DocumentPages {
 public:
  DocumentPages(DocumentPages&&) noexcept;
  DocumentPages& operator=(DocumentPages&&) noexcept;
  ~DocumentPages();

  std::size_t count() const;
  // The page's index in the source document (0-based).
  int page_id(std::size_t index) const;
  Result<DocumentPage> Page(std::size_t index, const ModelSet& models, StageExecutor& executor) const;
  // An image file's decoded frame for the page (null for a PDF).
  const cv::Mat* image(std::size_t index) const;
  // A PDF's path and the page's size in points (null / nullopt for an image).
  const std::string* pdf_path() const;
  std::optional<PdfPageSize> pdf_page_size(std::size_t index) const;

 private:
  struct State;
  friend Result<DocumentPages> OpenDocument(const DocumentFile&, const DocumentRequest&, const OcrOptions&,
                                            const ServeOptions&, const WorkContext&, int max_pages);
  explicit DocumentPages(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// How long one tool run (poppler, qpdf) may take: --tool-timeout, never past
// the request's deadline.
std::chrono::milliseconds ToolTimeout(const ServeOptions& options, const WorkContext& context);

// Opens a PDF (pdfinfo, and pdftotext for the text layer unless force_ocr)
// or decodes an image, and selects request.page_range. kLimitExceeded past
// `max_pages` selected pages.
Result<DocumentPages> OpenDocument(const DocumentFile& file, const DocumentRequest& request,
                                   const OcrOptions& ocr_options, const ServeOptions& options,
                                   const WorkContext& context, int max_pages);

// Every page of a PDF (at most options.max_pdf_pages), rasterised and OCR'd.
Result<std::vector<OcrResult>> RecognizePdfPages(const ModelSet& models, std::span<const std::uint8_t> pdf,
                                                 const OcrOptions& ocr_options, const ServeOptions& options,
                                                 const WorkContext& context);

// The selected pages of a PDF or image as a document.
Result<std::vector<DocumentPage>> BuildDocument(const ModelSet& models, std::span<const std::uint8_t> file,
                                                const DocumentRequest& request, const OcrOptions& ocr_options,
                                                const ServeOptions& options, const WorkContext& context);

// marker's success body: {"format", "output", "images": {}, "metadata": {"table_of_contents", "page_stats"},
// "success": true}.
// `more_metadata`: further members of "metadata" (`"name": value, ...`), or empty.
std::string RenderMarkerResponse(const std::vector<DocumentPage>& pages, const DocumentRequest& request,
                                 std::string_view more_metadata = {});

}  // namespace onnxocr::server

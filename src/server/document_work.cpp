#include "server/document_work.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "core/document/page_geometry.h"
#include "core/document/page_stats.h"
#include "core/document/table_of_contents.h"
#include "core/image_decode.h"
#include "core/json_text.h"
#include "core/pdf/page_range.h"
#include "core/pdf/pdf_document.h"
#include "core/pipeline.h"
#include "platform/temp_file.h"
#include "server/page_map.h"

namespace onnxocr::server {
namespace {

Status CheckPageCount(std::size_t pages, int max_pages) {
  if (pages > static_cast<std::size_t>(max_pages)) {
    return MakeError(ErrorCode::kLimitExceeded,
                     std::to_string(pages) + " pages requested, limit is " + std::to_string(max_pages) + " per request");
  }
  return Status::Ok();
}

// An OCR'd page as a document page, in the picture's pixels.
Result<DocumentPage> OcrPage(const ModelSet& models, const cv::Mat& image, int page_id, const OcrOptions& ocr_options,
                             const WorkContext& context, StageExecutor& executor) {
  auto result = RecognizePage(models, image, ocr_options, context, executor);
  if (!result.ok()) return result.error();
  DocumentPage page;
  page.page_id = page_id;
  page.width = image.cols;
  page.height = image.rows;
  page.source = TextSource::kOcr;
  page.orientation = result->orientation;
  page.lines = std::move(result->lines);
  return page;
}

// A PDF where poppler can read it: the caller's file, or a private copy.
struct OpenedPdf {
  std::optional<TempFile> copy;
  std::string path;
  PdfInfo info;
  PdfLimits limits;
  PdfRenderSettings render;
};

Result<OpenedPdf> OpenPdf(const DocumentFile& file, const ServeOptions& options, const WorkContext& context,
                          int max_pages) {
  OpenedPdf pdf;
  pdf.path = file.path;
  if (pdf.path.empty()) {
    auto copy = TempFile::Create(
        std::string_view(reinterpret_cast<const char*>(file.bytes.data()), file.bytes.size()), options.upload_dir);
    if (!copy.ok()) return copy.error();
    pdf.path = copy->path();
    pdf.copy.emplace(std::move(copy).value());
  }
  pdf.limits.max_page_pixels = context.limits.max_pixels;
  pdf.limits.max_pages_per_request = max_pages;
  pdf.limits.max_described_pages = std::max(pdf.limits.max_described_pages, max_pages);
  pdf.limits.subprocess.timeout = ToolTimeout(options, context);
  pdf.render = options.pdf_render;
  auto info = InspectPdf(pdf.path, pdf.limits);
  if (!info.ok()) return info.error();
  pdf.info = std::move(info).value();
  return pdf;
}

Result<cv::Mat> RasterizeForOcr(const OpenedPdf& pdf, int page) {
  const PdfPageSize size =
      page < static_cast<int>(pdf.info.page_sizes.size()) ? pdf.info.page_sizes[page] : PdfPageSize{612, 792};
  const int dpi = ChooseOcrDpi(size.width_pt, size.height_pt, pdf.render);
  return RasterizePdfPage(pdf.path, pdf.info, page, dpi, pdf.limits);
}

}  // namespace

std::chrono::milliseconds ToolTimeout(const ServeOptions& options, const WorkContext& context) {
  auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(options.tool_timeout_seconds * 1000));
  // No tool run outlives the request's deadline.
  if (context.control.deadline != Deadline::max()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(context.control.deadline -
                                                                            std::chrono::steady_clock::now());
    timeout = std::clamp(left, std::chrono::milliseconds(1), timeout);
  }
  return timeout;
}

struct DocumentPages::State {
  const OcrOptions& ocr_options;
  const WorkContext& context;
  std::vector<int> page_ids;           // the selected pages, in order
  std::optional<OpenedPdf> pdf;        // a PDF: pages rasterised on demand
  std::vector<DocumentPage> text_layer;  // a PDF's text layer, per selected page (empty with force_ocr)
  std::vector<cv::Mat> images;         // an image file's decoded frames
};

DocumentPages::DocumentPages(std::unique_ptr<State> state) : state_(std::move(state)) {}
DocumentPages::DocumentPages(DocumentPages&&) noexcept = default;
DocumentPages& DocumentPages::operator=(DocumentPages&&) noexcept = default;
DocumentPages::~DocumentPages() = default;

std::size_t DocumentPages::count() const {
  return state_->page_ids.size();
}

int DocumentPages::page_id(std::size_t index) const {
  return state_->page_ids.at(index);
}

const cv::Mat* DocumentPages::image(std::size_t index) const {
  if (state_->pdf) return nullptr;
  return &state_->images.at(static_cast<std::size_t>(page_id(index)));
}

const std::string* DocumentPages::pdf_path() const {
  return state_->pdf ? &state_->pdf->path : nullptr;
}

std::optional<PdfPageSize> DocumentPages::pdf_page_size(std::size_t index) const {
  if (!state_->pdf) return std::nullopt;
  const auto page = static_cast<std::size_t>(page_id(index));
  const auto& sizes = state_->pdf->info.page_sizes;
  return page < sizes.size() ? sizes[page] : PdfPageSize{612, 792};
}

Result<DocumentPage> DocumentPages::Page(std::size_t index, const ModelSet& models, StageExecutor& executor) const {
  const State& s = *state_;
  const int page_id = s.page_ids.at(index);
  if (!s.pdf) return OcrPage(models, s.images[page_id], page_id, s.ocr_options, s.context, executor);
  if (index < s.text_layer.size() && PageHasTextLayer(s.text_layer[index])) {
    DocumentPage page = s.text_layer[index];
    page.page_id = page_id;
    return page;
  }
  auto image = RasterizeForOcr(*s.pdf, page_id);
  if (!image.ok()) return image.error();
  auto page = OcrPage(models, *image, page_id, s.ocr_options, s.context, executor);
  if (!page.ok()) return page.error();
  // One unit per document, as marker: the rendered page's pixels become PDF
  // points (the page as displayed, /Rotate applied; along its longer side).
  const PdfPageSize size = pdf_page_size(index).value_or(PdfPageSize{612, 792});
  const double pixels = std::max(page->width, page->height);
  const double points = std::max(size.width_pt, size.height_pt);
  if (pixels > 0 && points > 0) ScalePage(*page, points / pixels);
  return page;
}

Result<DocumentPages> OpenDocument(const DocumentFile& file, const DocumentRequest& request,
                                   const OcrOptions& ocr_options, const ServeOptions& options,
                                   const WorkContext& context, int max_pages) {
  auto state = std::make_unique<DocumentPages::State>(
      DocumentPages::State{ocr_options, context, {}, std::nullopt, {}, {}});
  int page_count = 0;
  if (SniffImageFormat(file.bytes) == ImageFormat::kPdf) {
    auto pdf = OpenPdf(file, options, context, max_pages);
    if (!pdf.ok()) return pdf.error();
    state->pdf.emplace(std::move(pdf).value());
    page_count = state->pdf->info.page_count;
  } else {
    auto images = DecodeImage(file.bytes, context.limits);
    if (!images.ok()) return images.error();
    state->images = std::move(images).value();
    page_count = static_cast<int>(state->images.size());
  }
  auto selected = ParsePageRange(request.page_range, page_count);
  if (!selected.ok()) return selected.error();
  if (Status ok = CheckPageCount(selected->size(), max_pages); !ok.ok()) return ok.error();
  state->page_ids = std::move(selected).value();
  if (state->pdf && !request.force_ocr) {
    auto extracted = ExtractTextLayer(state->pdf->path, state->page_ids, state->pdf->limits);
    if (!extracted.ok()) return extracted.error();
    state->text_layer = std::move(extracted).value();
  }
  return DocumentPages(std::move(state));
}

Result<std::vector<OcrResult>> RecognizePdfPages(const ModelSet& models, std::span<const std::uint8_t> pdf_bytes,
                                                 const OcrOptions& ocr_options, const ServeOptions& options,
                                                 const WorkContext& context) {
  auto pdf = OpenPdf(DocumentFile{pdf_bytes, {}}, options, context, options.max_pdf_pages);
  if (!pdf.ok()) return pdf.error();
  if (Status ok = CheckPageCount(static_cast<std::size_t>(pdf->info.page_count), options.max_pdf_pages); !ok.ok()) {
    return ok.error();
  }
  // Each page is rasterised where it runs: the pages in flight, not the
  // document's length, bound the memory.
  return MapPages<OcrResult>(
      static_cast<std::size_t>(pdf->info.page_count), context,
      [&](std::size_t page, StageExecutor& executor) -> Result<OcrResult> {
        auto image = RasterizeForOcr(*pdf, static_cast<int>(page));
        if (!image.ok()) return image.error();
        return RecognizePage(models, *image, ocr_options, context, executor);
      });
}

Result<std::vector<DocumentPage>> BuildDocument(const ModelSet& models, std::span<const std::uint8_t> file,
                                                const DocumentRequest& request, const OcrOptions& ocr_options,
                                                const ServeOptions& options, const WorkContext& context) {
  auto pages = OpenDocument(DocumentFile{file, {}}, request, ocr_options, options, context, options.max_pdf_pages);
  if (!pages.ok()) return pages.error();
  return MapPages<DocumentPage>(pages->count(), context, [&](std::size_t index, StageExecutor& executor) {
    return pages->Page(index, models, executor);
  });
}

std::string RenderMarkerResponse(const std::vector<DocumentPage>& pages, const DocumentRequest& request,
                                 std::string_view more_metadata) {
  std::string body = "{\"format\": ";
  AppendJsonString(body, OutputFormatName(request.format));
  body += ", \"output\": ";
  AppendJsonString(body, RenderDocument(pages, request.format, request.paginate));
  body += ", \"images\": {}, \"metadata\": {\"table_of_contents\": ";
  body += RenderTableOfContents(pages);
  body += ", \"page_stats\": ";
  body += RenderPageStats(pages);
  if (!more_metadata.empty()) {
    body += ", ";
    body += more_metadata;
  }
  body += "}, \"success\": true}";
  return body;
}

}  // namespace onnxocr::server

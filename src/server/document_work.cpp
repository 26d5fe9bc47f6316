#include "server/document_work.h"

#include <algorithm>
#include <chrono>

#include "core/document/page_stats.h"
#include "core/image_decode.h"
#include "core/pdf/page_range.h"
#include "core/pdf/pdf_document.h"
#include "platform/temp_file.h"
#include "core/pipeline.h"
#include "core/json_text.h"

namespace onnxocr::server {
namespace {

Status CheckPageCount(std::size_t pages, const ServeOptions& options) {
  if (pages > static_cast<std::size_t>(options.max_pdf_pages)) {
    return MakeError(ErrorCode::kLimitExceeded, std::to_string(pages) + " pages requested, limit is " +
                                                    std::to_string(options.max_pdf_pages) + " per request");
  }
  return Status::Ok();
}

// An OCR'd page as a document page (pixel coordinates).
Result<DocumentPage> OcrPage(const ModelSet& models, const cv::Mat& image, int page_id, const OcrOptions& ocr_options,
                             const WorkContext& context) {
  auto lines = RecognizePages(models, {image}, ocr_options, context);
  if (!lines.ok()) return lines.error();
  DocumentPage page;
  page.page_id = page_id;
  page.width = image.cols;
  page.height = image.rows;
  page.source = TextSource::kOcr;
  page.lines = std::move(lines->front());
  return page;
}

struct OpenedPdf {
  TempFile file;
  PdfInfo info;
  PdfLimits limits;
  PdfRenderSettings render;
};

Result<OpenedPdf> OpenPdf(std::span<const std::uint8_t> pdf, const ServeOptions& options, const WorkContext& context) {
  auto file =
      TempFile::Create(std::string_view(reinterpret_cast<const char*>(pdf.data()), pdf.size()), options.upload_dir);
  if (!file.ok()) return file.error();
  PdfLimits limits;
  limits.max_page_pixels = context.limits.max_pixels;
  limits.max_pages_per_request = options.max_pdf_pages;
  limits.subprocess.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(options.tool_timeout_seconds * 1000));
  // No tool run outlives the request's deadline.
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(context.control.deadline - std::chrono::steady_clock::now());
  limits.subprocess.timeout = std::clamp(left, std::chrono::milliseconds(1), limits.subprocess.timeout);
  auto info = InspectPdf(file->path(), limits);
  if (!info.ok()) return info.error();
  return OpenedPdf{std::move(file).value(), std::move(info).value(), limits, options.pdf_render};
}

Result<cv::Mat> RasterizeForOcr(const OpenedPdf& pdf, int page) {
  const PdfPageSize size =
      page < static_cast<int>(pdf.info.page_sizes.size()) ? pdf.info.page_sizes[page] : PdfPageSize{612, 792};
  const int dpi = ChooseOcrDpi(size.width_pt, size.height_pt, pdf.render);
  return RasterizePdfPage(pdf.file.path(), pdf.info, page, dpi, pdf.limits);
}

Result<std::vector<DocumentPage>> PdfDocument(const ModelSet& models, std::span<const std::uint8_t> bytes,
                                              const DocumentRequest& request, const OcrOptions& ocr_options,
                                              const ServeOptions& options, const WorkContext& context) {
  auto pdf = OpenPdf(bytes, options, context);
  if (!pdf.ok()) return pdf.error();
  auto selected = ParsePageRange(request.page_range, pdf->info.page_count);
  if (!selected.ok()) return selected.error();
  if (Status ok = CheckPageCount(selected->size(), options); !ok.ok()) return ok.error();

  std::vector<DocumentPage> text_layer;
  if (!request.force_ocr) {
    auto extracted = ExtractTextLayer(pdf->file.path(), *selected, pdf->limits);
    if (!extracted.ok()) return extracted.error();
    text_layer = std::move(extracted).value();
  }
  std::vector<DocumentPage> pages;
  for (std::size_t i = 0; i < selected->size(); ++i) {
    if (Status live = context.control.Check(); !live.ok()) return live.error();
    const int page_id = (*selected)[i];
    if (i < text_layer.size() && PageHasTextLayer(text_layer[i])) {
      pages.push_back(std::move(text_layer[i]));
      pages.back().page_id = page_id;
      continue;
    }
    auto image = RasterizeForOcr(*pdf, page_id);
    if (!image.ok()) return image.error();
    auto page = OcrPage(models, *image, page_id, ocr_options, context);
    if (!page.ok()) return page.error();
    pages.push_back(std::move(page).value());
  }
  return pages;
}

Result<std::vector<DocumentPage>> ImageDocument(const ModelSet& models, std::span<const std::uint8_t> bytes,
                                                const DocumentRequest& request, const OcrOptions& ocr_options,
                                                const ServeOptions& options, const WorkContext& context) {
  auto images = DecodeImage(bytes, context.limits);
  if (!images.ok()) return images.error();
  auto selected = ParsePageRange(request.page_range, static_cast<int>(images->size()));
  if (!selected.ok()) return selected.error();
  if (Status ok = CheckPageCount(selected->size(), options); !ok.ok()) return ok.error();
  std::vector<DocumentPage> pages;
  for (const int page_id : *selected) {
    auto page = OcrPage(models, (*images)[page_id], page_id, ocr_options, context);
    if (!page.ok()) return page.error();
    pages.push_back(std::move(page).value());
  }
  return pages;
}

}  // namespace

Result<std::vector<std::vector<TextLine>>> RecognizePdfPages(const ModelSet& models,
                                                             std::span<const std::uint8_t> pdf_bytes,
                                                             const OcrOptions& ocr_options, const ServeOptions& options,
                                                             const WorkContext& context) {
  auto pdf = OpenPdf(pdf_bytes, options, context);
  if (!pdf.ok()) return pdf.error();
  if (Status ok = CheckPageCount(static_cast<std::size_t>(pdf->info.page_count), options); !ok.ok()) {
    return ok.error();
  }
  std::vector<std::vector<TextLine>> pages;
  for (int page = 0; page < pdf->info.page_count; ++page) {
    auto image = RasterizeForOcr(*pdf, page);
    if (!image.ok()) return image.error();
    auto lines = RecognizePages(models, {*image}, ocr_options, context);
    if (!lines.ok()) return lines.error();
    pages.push_back(std::move(lines->front()));
  }
  return pages;
}

Result<std::vector<DocumentPage>> BuildDocument(const ModelSet& models, std::span<const std::uint8_t> file,
                                                const DocumentRequest& request, const OcrOptions& ocr_options,
                                                const ServeOptions& options, const WorkContext& context) {
  if (SniffImageFormat(file) == ImageFormat::kPdf) {
    return PdfDocument(models, file, request, ocr_options, options, context);
  }
  return ImageDocument(models, file, request, ocr_options, options, context);
}

std::string RenderMarkerResponse(const std::vector<DocumentPage>& pages, const DocumentRequest& request) {
  std::string body = "{\"format\": ";
  AppendJsonString(body, OutputFormatName(request.format));
  body += ", \"output\": ";
  AppendJsonString(body, RenderDocument(pages, request.format, request.paginate));
  body += ", \"images\": {}, \"metadata\": {\"page_stats\": ";
  body += RenderPageStats(pages);
  body += "}, \"success\": true}";
  return body;
}

}  // namespace onnxocr::server

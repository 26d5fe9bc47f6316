#include "server/pdf_work.h"

#include <fstream>
#include <iterator>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/document/searchable_pdf.h"
#include "core/image_decode.h"
#include "core/pdf/pdf_document.h"
#include "platform/temp_file.h"
#include "server/document_work.h"
#include "server/ocr_request.h"
#include "server/page_map.h"
#include "server/upload_work.h"

namespace onnxocr::server {
namespace {

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kInternal, "cannot read " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return MakeError(ErrorCode::kInternal, "cannot read " + path);
  return bytes;
}

// Images: every frame a page, its picture over its text.
Result<std::string> ImagesPdf(const DocumentPages& document, std::vector<DocumentPage> recognised,
                              std::span<const std::uint8_t> file) {
  // A one-frame JPEG is embedded as it is, turned upright as its EXIF says.
  std::optional<JpegInfo> jpeg;
  if (SniffImageFormat(file) == ImageFormat::kJpeg && document.count() == 1) {
    auto info = ReadJpegInfo(file);
    if (info.ok()) jpeg = *info;
  }
  constexpr double kPointsPerPixel = 72.0 / kPdfImageDpi;
  std::vector<SearchablePdfPage> pages;
  for (std::size_t i = 0; i < document.count(); ++i) {
    const cv::Mat& frame = *document.image(i);
    SearchablePdfPage page;
    page.points_per_pixel = kPointsPerPixel;
    page.width_points = frame.cols * kPointsPerPixel;
    page.height_points = frame.rows * kPointsPerPixel;
    page.picture = PdfPagePicture{frame, {}, 1};
    if (jpeg) {
      page.picture->jpeg = file;
      page.picture->jpeg_orientation = jpeg->exif_orientation;
    }
    page.lines = std::move(recognised[i].lines);
    pages.push_back(std::move(page));
  }
  return WriteSearchablePdf(pages);
}

// PDFs: a text layer under every OCR'd page, the rest as it was.
Result<std::string> PdfWithTextLayer(const DocumentPages& document, std::vector<DocumentPage> recognised,
                                     std::span<const std::uint8_t> file, const ServeOptions& options,
                                     const WorkContext& context) {
  std::vector<SearchablePdfPage> layer;
  std::vector<int> targets;
  for (std::size_t i = 0; i < document.count(); ++i) {
    DocumentPage& page = recognised[i];
    if (page.source != TextSource::kOcr) continue;  // its own text layer stays
    if (!(page.width > 0) || !(page.height > 0)) continue;
    SearchablePdfPage text;  // an OCR'd PDF page is in PDF points already (DocumentPages::Page)
    text.points_per_pixel = 1;
    text.width_points = page.width;
    text.height_points = page.height;
    text.lines = std::move(page.lines);
    layer.push_back(std::move(text));
    targets.push_back(document.page_id(i));
  }
  if (targets.empty()) return std::string(reinterpret_cast<const char*>(file.data()), file.size());
  auto written = WriteSearchablePdf(layer);
  if (!written.ok()) return written.error();
  auto layer_file = TempFile::Create(*written, options.upload_dir);
  if (!layer_file.ok()) return layer_file.error();
  auto out_file = TempFile::Create("", options.upload_dir);
  if (!out_file.ok()) return out_file.error();
  PdfLimits limits;
  limits.subprocess.timeout = ToolTimeout(options, context);
  if (Status laid = UnderlayPages(*document.pdf_path(), layer_file->path(), targets, out_file->path(), limits);
      !laid.ok()) {
    return laid.error();
  }
  return ReadWholeFile(out_file->path());
}

}  // namespace

Result<std::string> RunSearchablePdf(const FormData& form, const ModelRegistry& models, const ServeOptions& options,
                                     const WorkContext& context) {
  auto file = FilePart(form);
  if (!file.ok()) return file.error();
  OcrOptions request_options;
  if (Status ok = ApplyFormOptions(form.fields, request_options); !ok.ok()) return ok.error();
  request_options.word_boxes = true;  // the text layer is laid word by word
  auto resolved = ResolveRequest(models, request_options, context);
  if (!resolved.ok()) return resolved.error();
  // Every page, its own text layer kept where it has one.
  const DocumentRequest whole{};
  auto document = OpenDocument(DocumentFile{*file, {}}, whole, resolved->options, options, context,
                               options.max_pdf_pages);
  if (!document.ok()) return document.error();
  const ModelSet& set = *resolved->models;
  auto recognised = MapPages<DocumentPage>(document->count(), context, [&](std::size_t index, StageExecutor& executor) {
    return document->Page(index, set, executor);
  });
  if (!recognised.ok()) return recognised.error();
  return SearchablePdfOf(*document, std::move(recognised).value(), *file, options, context);
}

Result<std::string> SearchablePdfOf(const DocumentPages& document, std::vector<DocumentPage> recognised,
                                    std::span<const std::uint8_t> file, const ServeOptions& options,
                                    const WorkContext& context) {
  if (recognised.size() != document.count()) {
    return MakeError(ErrorCode::kInternal, "a searchable PDF needs one recognised page per page");
  }
  if (document.pdf_path() != nullptr) return PdfWithTextLayer(document, std::move(recognised), file, options, context);
  return ImagesPdf(document, std::move(recognised), file);
}

}  // namespace onnxocr::server

#include "server/upload_work.h"

#include <algorithm>
#include <chrono>
#include <span>

#include "core/image_decode.h"
#include "core/json_text.h"
#include "core/request_options.h"
#include "server/ocr_response.h"
#include "server/document_work.h"
#include "server/ocr_request.h"

namespace onnxocr::server {

Result<std::span<const std::uint8_t>> FilePart(const FormData& form) {
  const FormData::File* found = nullptr;
  for (const FormData::File& file : form.files) {
    if (file.name != "file") continue;
    if (found != nullptr) return MakeError(ErrorCode::kMalformedRequest, "more than one \"file\" part");
    found = &file;
  }
  if (found == nullptr) {
    const bool web_ui_form = std::any_of(form.files.begin(), form.files.end(),
                                         [](const FormData::File& file) { return file.name == "files"; });
    return MakeError(ErrorCode::kMalformedRequest,
                     web_ui_form ? "missing \"file\" part (OnnxOCR's web UI form, \"files\" with \"model_name\", is "
                                   "not served: send one \"file\" per request, see /docs)"
                                 : "missing \"file\" part");
  }
  if (found->content.empty()) return MakeError(ErrorCode::kMalformedRequest, "the \"file\" part is empty");
  return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(found->content.data()),
                                       found->content.size());
}

Result<std::string> RunMultipartOcr(const FormData& form, const ModelRegistry& models, const ServeOptions& options,
                                    const WorkContext& context) {
  const auto start = std::chrono::steady_clock::now();
  auto file = FilePart(form);
  if (!file.ok()) return file.error();
  OcrOptions request_options;
  if (Status ok = ApplyFormOptions(form.fields, request_options); !ok.ok()) return ok.error();
  auto resolved = ResolveRequest(models, request_options, context);
  if (!resolved.ok()) return resolved.error();

  const std::span<const std::uint8_t> bytes = *file;
  if (SniffImageFormat(bytes) == ImageFormat::kPdf) {
    auto pages = RecognizePdfPages(*resolved->models, bytes, resolved->options, options, context);
    if (!pages.ok()) return pages.error();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return RenderOcrResponsePages(seconds, *pages);  // a PDF always answers per page
  }
  auto pages = RecognizeImageFile(*resolved->models, PageSelection::kAll, bytes, resolved->options, context);
  if (!pages.ok()) return pages.error();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return RenderPagesResponse(seconds, *pages);
}

namespace {

Result<bool> FormBool(const std::map<std::string, std::string>& fields, const std::string& key, bool fallback) {
  const auto found = fields.find(key);
  if (found == fields.end() || found->second.empty()) return fallback;
  const auto value = ParseBoolText(found->second);
  if (!value) return MakeError(ErrorCode::kInvalidArgument, key + " must be true or false");
  return *value;
}

}  // namespace

Result<MarkerFields> ParseMarkerFields(const std::map<std::string, std::string>& fields) {
  MarkerFields parsed;
  DocumentRequest& request = parsed.document;
  if (const auto found = fields.find("page_range"); found != fields.end()) request.page_range = found->second;
  auto force_ocr = FormBool(fields, "force_ocr", false);
  if (!force_ocr.ok()) return force_ocr.error();
  request.force_ocr = *force_ocr;
  auto paginate = FormBool(fields, "paginate_output", false);
  if (!paginate.ok()) return paginate.error();
  request.paginate = *paginate;
  if (const auto found = fields.find("output_format"); found != fields.end() && !found->second.empty()) {
    auto format = ParseOutputFormat(found->second);
    if (!format.ok()) return format.error();
    request.format = *format;
  }
  if (Status ok = ApplyFormOptions(fields, parsed.ocr); !ok.ok()) return ok.error();
  // hOCR and a searchable PDF's text layer are made of word boxes.
  if ((request.format == OutputFormat::kHocr || request.format == OutputFormat::kPdf) && !parsed.ocr.word_boxes) {
    parsed.ocr.word_boxes = true;
  }
  return parsed;
}

Result<MarkerUpload> ReadMarkerUpload(const FormData& form, const ModelRegistry& models, const WorkContext& context) {
  auto file = FilePart(form);
  if (!file.ok()) return file.error();
  auto fields = ParseMarkerFields(form.fields);
  if (!fields.ok()) return fields.error();
  auto resolved = ResolveRequest(models, fields->ocr, context);
  if (!resolved.ok()) return resolved.error();
  return MarkerUpload{*file, std::move(fields).value(), std::move(resolved).value()};
}

Result<std::string> RunMarkerUpload(const FormData& form, const ModelRegistry& models, const ServeOptions& options,
                                    const WorkContext& context) {
  auto upload = ReadMarkerUpload(form, models, context);
  if (!upload.ok()) return upload.error();
  const MarkerUpload& u = *upload;
  if (u.fields.document.format == OutputFormat::kPdf) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "output_format pdf is a file, not marker's JSON: POST /pdf, or /jobs with output_format=pdf");
  }
  auto pages = BuildDocument(*u.resolved.models, u.file, u.fields.document, u.resolved.options, options, context);
  if (!pages.ok()) return pages.error();
  return RenderMarkerResponse(*pages, u.fields.document);
}

}  // namespace onnxocr::server

// Work behind the multipart routes: /ocr with a file part, and marker's
// /marker/upload. Runs on worker threads; stateless.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "core/status.h"
#include "runtime/model_registry.h"
#include "server/document_work.h"
#include "server/http_exchange.h"
#include "server/ocr_work.h"
#include "server/serve_options.h"

namespace onnxocr::server {

// The one "file" part, non-empty; kMalformedRequest otherwise.
Result<std::span<const std::uint8_t>> FilePart(const FormData& form);

// marker's fields (page_range, force_ocr, paginate_output, output_format) and
// the OCR options of a multipart form, checked.
struct MarkerFields {
  DocumentRequest document;
  OcrOptions ocr;
};
Result<MarkerFields> ParseMarkerFields(const std::map<std::string, std::string>& fields);

// A /marker/upload form (POST /jobs takes the same), read and checked: its
// file (owned by the form), its fields, and the model set and options it runs with.
struct MarkerUpload {
  std::span<const std::uint8_t> file;
  MarkerFields fields;
  ResolvedRequest resolved;
};
Result<MarkerUpload> ReadMarkerUpload(const FormData& form, const ModelRegistry& models, const WorkContext& context);

// /ocr multipart: an image or PDF in the "file" part (exactly one), options as fields.
Result<std::string> RunMultipartOcr(const FormData& form, const ModelRegistry& models,
                                    const ServeOptions& options, const WorkContext& context);

// /marker/upload: marker's fields and response (see docs/http-api.md).
Result<std::string> RunMarkerUpload(const FormData& form, const ModelRegistry& models,
                                    const ServeOptions& options, const WorkContext& context);

}  // namespace onnxocr::server

// Work behind the multipart routes: /ocr with a file part, and marker's
// /marker/upload. Runs on worker threads; stateless.
#pragma once

#include <string>

#include "core/status.h"
#include "runtime/model_registry.h"
#include "server/http_exchange.h"
#include "server/ocr_work.h"
#include "server/serve_options.h"

namespace onnxocr::server {

// /ocr multipart: an image or PDF in the "file" part (exactly one), options as fields.
Result<std::string> RunMultipartOcr(const FormData& form, const ModelRegistry& models,
                                    const ServeOptions& options, const WorkContext& context);

// /marker/upload: marker's fields and response (see docs/http-api.md).
Result<std::string> RunMarkerUpload(const FormData& form, const ModelRegistry& models,
                                    const ServeOptions& options, const WorkContext& context);

}  // namespace onnxocr::server

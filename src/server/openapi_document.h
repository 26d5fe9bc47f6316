// The document GET /openapi.json serves: the embedded openapi.json with its
// two request-option schemas (OcrOptions for JSON bodies, OcrFormOptions for
// multipart fields) generated from core/request_options.h, their defaults
// being this server's (serve's flags). Pure; thread-safe.
#pragma once

#include <string>

#include "core/ocr_types.h"

namespace onnxocr::server {

std::string OpenApiDocument(const OcrOptions& server_defaults);

}  // namespace onnxocr::server

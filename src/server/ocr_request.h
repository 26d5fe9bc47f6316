// Parsing and validation of /ocr request bodies (JSON) and form fields
// (multipart) into OCR work. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ocr_types.h"
#include "core/status.h"

namespace onnxocr::server {

struct OcrRequest {
  std::vector<std::vector<std::uint8_t>> images;  // encoded image files
  bool batch = false;                             // the "images" form: results per image
  OcrOptions options;  // the request's own; the server's defaults are merged in later
};

// OnnxOCR's JSON contract: {"image": b64} or {"images": [b64, ...]} plus
// options. Malformed JSON or base64, a non-object body, or neither/both of
// image/images: kMalformedRequest. A field of the wrong type or range, or
// more than max_batch images: kInvalidArgument. Unknown fields are ignored.
Result<OcrRequest> ParseOcrJsonRequest(std::string_view body, std::size_t max_batch);

// The same options given as multipart form fields (text values).
Status ApplyFormOptions(const std::map<std::string, std::string>& fields, OcrOptions& options);

}  // namespace onnxocr::server

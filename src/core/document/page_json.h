// A document page as JSON and back, losslessly: how a job keeps each finished
// page on disk so that it can resume after a restart (runtime/job_store.h).
// Not a public format. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/status.h"

namespace onnxocr {

// {"page_id", "width", "height", "source": "ocr"|"pdf_text", "lines": [{"text", "confidence", "box": [8 numbers]}]}
std::string DocumentPageToJson(const DocumentPage& page);

// kCorruptInput when `json` is not what DocumentPageToJson writes.
Result<DocumentPage> DocumentPageFromJson(std::string_view json);

}  // namespace onnxocr

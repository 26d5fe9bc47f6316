// POST /pdf: a searchable PDF of an image, a multi-page TIFF or a PDF
// (core/document/searchable_pdf.h). Runs on a worker; pages are recognised
// through MapPages like any document's.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/document.h"
#include "runtime/model_registry.h"
#include "server/document_work.h"
#include "server/multipart_form.h"
#include "server/ocr_work.h"
#include "server/serve_options.h"

namespace onnxocr::server {

// Resolution images are placed at: a pixel is 1/300 inch.
inline constexpr double kPdfImageDpi = 300.0;

// The form's `file` (and the /ocr options) as a searchable PDF. Images: one
// page per frame, the picture (a JPEG file's own bytes, else lossless) over
// its invisible text. PDFs: pages with a text layer are kept as they are;
// every other page is kept too, with an invisible OCR text layer laid under
// its content by qpdf; a PDF with no such page comes back unchanged.
// The searchable PDF of an opened document from its recognised pages (one
// per page of `document`, in order; `file` is the document's bytes), as
// RunSearchablePdf describes. Also makes /jobs' output_format=pdf.
Result<std::string> SearchablePdfOf(const DocumentPages& document, std::vector<DocumentPage> recognised,
                                    std::span<const std::uint8_t> file, const ServeOptions& options,
                                    const WorkContext& context);

Result<std::string> RunSearchablePdf(const FormData& form, const ModelRegistry& models, const ServeOptions& options,
                                     const WorkContext& context);

}  // namespace onnxocr::server

// hOCR 1.2 (http://kba.github.io/hocr-spec/1.2/) of recognised pages: one
// ocr_page per page, ocr_carea and ocr_par per reading-order block, ocr_line
// per visual line and ocrx_word per word, each with its bbox, words with
// x_wconf. Lines without word boxes are one word. Valid XHTML (UTF-8, every
// text and attribute escaped). Pure function over values; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/document.h"

namespace onnxocr {

std::string RenderHocr(const std::vector<DocumentPage>& pages);

}  // namespace onnxocr

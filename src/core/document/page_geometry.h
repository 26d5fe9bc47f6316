// Whole-page coordinate changes of a recognised page: a change of unit
// (raster pixels to PDF points) and the quarter turns of a page that was
// read turned upright. Pure functions over values; thread-safe.
#pragma once

#include "core/document.h"
#include "core/geometry.h"

namespace onnxocr {

// Multiplies every coordinate (lines, words, page size) by `factor` > 0.
void ScalePage(DocumentPage& page, double factor);

// The page as read upright (lines, words and size turned back by
// page.orientation, UprightToSource in geometry.h), or a copy when
// it was upright.
DocumentPage UprightPage(const DocumentPage& page);

}  // namespace onnxocr

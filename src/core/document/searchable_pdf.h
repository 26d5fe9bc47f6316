// Searchable PDF: each page is its picture with an invisible text layer laid
// word by word over the words' boxes (text under the picture), or the text
// layer alone, to be laid under a page of an existing PDF (qpdf --underlay).
// Written with cairo: its PDF surface subsets the fonts it embeds and maps
// every glyph back to its Unicode text (ToUnicode), so pdftotext and viewers'
// search find every recognised script; DejaVu Sans covers Latin, Greek,
// Cyrillic, Arabic and Hebrew, Droid Sans Fallback CJK. Pure function over
// values; thread-safe (each call has its own surface).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ocr_types.h"
#include "core/opencv.h"
#include "core/status.h"

namespace onnxocr {

// A page's picture: a JPEG file's own bytes, as they are, or else the pixels
// stored losslessly (Flate).
struct PdfPagePicture {
  cv::Mat bgr;  // CV_8UC3, upright: the picture as OCR saw it
  // The source JPEG, embedded as it is when not empty: stored at its own
  // size, which its EXIF orientation turns into bgr's (DecodeImage's turn).
  std::span<const std::uint8_t> jpeg;
  int jpeg_orientation = 1;
};

struct SearchablePdfPage {
  double width_points = 0;   // the page's size
  double height_points = 0;
  double points_per_pixel = 1;  // the lines' and the picture's pixels to points
  std::optional<PdfPagePicture> picture;  // absent: the text layer alone
  // Their words (TextLine::words) when given, else each line as one word.
  std::vector<TextLine> lines;
};

// kInvalidArgument for a page without a positive size or a picture that does
// not fit its page; kInternal when cairo fails.
Result<std::string> WriteSearchablePdf(const std::vector<SearchablePdfPage>& pages);

}  // namespace onnxocr

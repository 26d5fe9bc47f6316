// Parsers for the output of poppler's command-line tools: pdfinfo's report,
// pdftotext -bbox-layout's XHTML and pdftoppm's binary PPM. Pure functions over
// bytes already in memory (no processes, no files): safe from any thread.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/opencv.h"
#include "core/status.h"

namespace onnxocr {

// A page's size in PDF points (1/72 inch) as displayed: crop box, after /Rotate.
struct PdfPageSize {
  double width_pt = 0;
  double height_pt = 0;
};

struct PdfInfo {
  int page_count = 0;
  bool encrypted = false;  // encrypted, but openable without a password
  // [i] is page first_page + i (0-based; first_page is 0 unless said otherwise).
  // May cover fewer than page_count pages.
  std::vector<PdfPageSize> page_sizes;
};

// Parses `pdfinfo -f F -l L` output, with first_page = F - 1. Document metadata (Title, Author, ...) is
// printed first and is attacker-controlled text, so for every key the last
// occurrence wins. Errors: kCorruptInput (no "Pages:" line, zero pages, bad sizes).
Result<PdfInfo> ParsePdfInfoOutput(std::string_view report, int first_page = 0);

// Parses `pdftotext -bbox-layout` XHTML into one DocumentPage per <page>, with
// page_id = first_page_id, first_page_id + 1, ... One TextLine per <line>: its
// <word>s joined by single spaces (entities decoded), box = the line's bbox in
// points (top-left origin), confidence 1, source kPdfText.
// Errors: kCorruptInput (unterminated tags, misplaced elements, missing or bad numbers).
Result<std::vector<DocumentPage>> ParseTextLayerXhtml(std::string_view xhtml, int first_page_id);

// Decodes XML character references and the five predefined entities into UTF-8;
// unknown or malformed references are kept as written.
std::string DecodeXmlEntities(std::string_view text);

// Decodes a binary PPM ("P6", maxval 255) into CV_8UC3 BGR. Dimensions are checked
// against the data size and max_pixels before anything is allocated.
// Errors: kUnsupportedFormat (not P6 / maxval not 255), kCorruptInput (bad header,
// truncated data), kLimitExceeded (width * height > max_pixels).
Result<cv::Mat> ParsePpm(std::string_view data, std::int64_t max_pixels);

}  // namespace onnxocr

// PDF input through poppler's command-line tools (pdfinfo, pdftotext, pdftoppm),
// each run as a sandboxed subprocess (platform/subprocess.h): a crash, hang or
// memory blow-up in the PDF code stays in a child we kill. No state: every
// function is safe to call from many threads at once.
//
// Defaults (PdfLimits):
//   - per subprocess: 15 s wall clock, 2 GiB address space, 60 s CPU, no network
//   - rendered page: at most 40 M pixels (as DecodeLimits::max_pixels)
//   - pages per request: 100. The caller enforces it on the ParsePageRange result;
//     these functions take whatever pages they are given.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/opencv.h"
#include "core/pdf/pdf_parsers.h"
#include "core/status.h"
#include "platform/subprocess.h"

namespace onnxocr {

struct PdfLimits {
  SubprocessLimits subprocess;                // per tool run: timeout 15 s, 2 GiB, 60 s CPU
  std::int64_t max_page_pixels = 40'000'000;  // width * height of one rendered page
  int max_pages_per_request = 100;            // for the caller; not enforced here
  int max_described_pages = 10'000;           // pages whose sizes InspectPdf asks pdfinfo for
  int max_dpi = 1200;                         // RasterizePdfPage rejects more
};

// Page count, encryption flag and page sizes (pages 0 .. max_described_pages-1).
// Errors: kUnsupportedFormat "encrypted PDF" (needs a password), kCorruptInput
// (not a PDF, truncated, no pages), kDeadlineExceeded / kLimitExceeded from the
// subprocess, kInternal (pdfinfo missing).
Result<PdfInfo> InspectPdf(const std::string& path, const PdfLimits& limits = {});

// The text layer of `pages` (0-based, each < page count; any order, duplicates
// allowed), one DocumentPage per requested page in the order given, source
// kPdfText, sizes and boxes in points. Pages without text come back with no
// lines. Runs pdftotext once per run of consecutive pages.
// Errors: as InspectPdf, plus kInvalidArgument for a negative page.
Result<std::vector<DocumentPage>> ExtractTextLayer(const std::string& path, const std::vector<int>& pages,
                                                   const PdfLimits& limits = {});

// True when the page has a usable text layer: at least `min_characters`
// non-whitespace characters (UTF-8 code points) over all its lines.
bool PageHasTextLayer(const DocumentPage& page, int min_characters = 3);

// How PDF pages without a text layer are rendered for OCR (`serve --pdf-dpi`,
// `--pdf-max-side`). 200 DPI puts 10 pt body text at ~28 px (10/72 in * 200),
// a size PP-OCR's detector and recogniser (48 px line height) handle well;
// 8 pt footnotes still get ~22 px. Higher DPI mostly costs time, since the
// detector downsizes large inputs anyway. Letter at 200 DPI is 1700x2200 px;
// an A0 poster would be ~9400 px, hence the side cap.
struct PdfRenderSettings {
  int dpi = 200;           // 72..600
  int max_side_px = 4000;  // the DPI is lowered so the longer side fits
};

// The DPI to render a page at: settings.dpi, lowered so that the longer side
// stays <= settings.max_side_px, but never below 72 (1 px per point); a page
// still too large at 72 DPI is refused by the pixel limit when rendered.
// Non-positive or non-finite sizes give settings.dpi.
int ChooseOcrDpi(double page_width_pt, double page_height_pt, const PdfRenderSettings& settings = {});

// Renders page `page` (0-based) at `dpi` into a CV_8UC3 BGR image of about
// ceil(size_pt * dpi / 72) pixels per side (crop box, after /Rotate). The pixel
// count is checked against limits.max_page_pixels from info's page size before
// pdftoppm runs, and again on the image it returns.
// Errors: kInvalidArgument (page outside info, dpi outside 1..max_dpi),
// kLimitExceeded (too many pixels), others as InspectPdf.
Result<cv::Mat> RasterizePdfPage(const std::string& path, const PdfInfo& info, int page, int dpi,
                                 const PdfLimits& limits = {});

// Writes to `out_path` the PDF at `path` with page k of the PDF at
// `layer_path` laid under page pages[k] (0-based, ascending) by qpdf
// --underlay, in the same sandbox as the poppler tools: the layer lies
// beneath the page's own content, which is kept as it is; other pages are
// untouched. Errors: kCorruptInput when qpdf cannot read or write them, and
// those of RunSubprocess.
Status UnderlayPages(const std::string& path, const std::string& layer_path, const std::vector<int>& pages,
                     const std::string& out_path, const PdfLimits& limits = {});

}  // namespace onnxocr

#include "core/pdf/pdf_document.h"

#include <signal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace onnxocr {
namespace {

constexpr int kMinOcrDpi = 72;
constexpr std::size_t kMaxQuotedStderr = 200;

// A path that no tool can mistake for an option.
std::string PathArgument(const std::string& path) {
  return path.starts_with('-') ? "./" + path : path;
}

// The last non-empty line of a tool's stderr, shortened, for error messages.
std::string LastStderrLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  const auto newline = text.rfind('\n');
  std::string_view line = newline == std::string_view::npos ? text : text.substr(newline + 1);
  if (line.size() > kMaxQuotedStderr) line = line.substr(0, kMaxQuotedStderr);
  return std::string(line);
}

// Maps a tool's failure (non-zero exit or signal) to an error about the document.
Error ToolFailure(std::string_view tool, const SubprocessResult& run) {
  const std::string name(tool);
  if (run.term_signal == SIGXCPU) return MakeError(ErrorCode::kLimitExceeded, name + " exceeded its CPU time limit");
  if (run.term_signal == SIGXFSZ) return MakeError(ErrorCode::kLimitExceeded, name + " exceeded its file size limit");
  if (run.term_signal != 0) {
    return MakeError(ErrorCode::kCorruptInput, name + " failed on this PDF (signal " + std::to_string(run.term_signal) +
                                                   "; it may need more memory than allowed)");
  }
  if (run.stderr_text.find("Incorrect password") != std::string::npos) {
    return MakeError(ErrorCode::kUnsupportedFormat, "encrypted PDF: a password is required");
  }
  if (run.stderr_text.find("Wrong page range") != std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "a requested page is out of range for this PDF");
  }
  if (run.exit_code == 3) {
    return MakeError(ErrorCode::kUnsupportedFormat, "the PDF's permissions forbid " + name + " to process it");
  }
  const std::string detail = LastStderrLine(run.stderr_text);
  return MakeError(ErrorCode::kCorruptInput, "cannot read the PDF (" + name + " exit " + std::to_string(run.exit_code) +
                                                 (detail.empty() ? std::string(")") : "): " + detail));
}

// Runs a poppler tool; a non-zero exit or a signal becomes an error.
Result<std::string> RunTool(std::vector<std::string> argv, const SubprocessLimits& limits) {
  const std::string tool = argv.front();
  Result<SubprocessResult> run = RunSubprocess(argv, limits);
  if (!run.ok()) return run.error();
  if (run->exit_code != 0 || run->term_signal != 0) return ToolFailure(tool, *run);
  return std::move(run->stdout_data);
}

Result<PdfInfo> RunPdfInfo(const std::string& path, int first_page, int last_page, const PdfLimits& limits) {
  Result<std::string> report = RunTool(
      {"pdfinfo", "-f", std::to_string(first_page + 1), "-l", std::to_string(last_page + 1), PathArgument(path)},
      limits.subprocess);
  if (!report.ok()) return report.error();
  return ParsePdfInfoOutput(*report, first_page);
}

// Consecutive runs [first, last] of sorted, distinct pages.
std::vector<std::pair<int, int>> ConsecutiveRuns(std::vector<int> pages) {
  std::sort(pages.begin(), pages.end());
  pages.erase(std::unique(pages.begin(), pages.end()), pages.end());
  std::vector<std::pair<int, int>> runs;
  for (int page : pages) {
    if (!runs.empty() && runs.back().second + 1 == page) {
      runs.back().second = page;
    } else {
      runs.emplace_back(page, page);
    }
  }
  return runs;
}

Result<std::vector<DocumentPage>> ExtractPageRun(const std::string& path, int first, int last,
                                                 const PdfLimits& limits) {
  Result<std::string> xhtml =
      RunTool({"pdftotext", "-bbox-layout", "-cropbox", "-enc", "UTF-8", "-f", std::to_string(first + 1), "-l",
               std::to_string(last + 1), PathArgument(path), "-"},
              limits.subprocess);
  if (!xhtml.ok()) return xhtml.error();
  Result<std::vector<DocumentPage>> pages = ParseTextLayerXhtml(*xhtml, first);
  if (!pages.ok()) return pages.error();
  const auto expected = static_cast<std::size_t>(last - first + 1);
  if (pages->size() != expected) {
    return MakeError(ErrorCode::kInvalidArgument, "page " + std::to_string(first + static_cast<int>(pages->size())) +
                                                      " is out of range for this PDF");
  }
  return pages;
}

// Number of UTF-8 code points in `text` that are not ASCII whitespace or control characters.
int CountVisibleCharacters(std::string_view text) {
  int count = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool continuation = (byte & 0xC0) == 0x80;
    if (!continuation && byte > 0x20 && byte != 0x7F) ++count;
  }
  return count;
}

// In double: page sizes come from the PDF and may be absurd (1e20 pt).
double PixelsAt(double size_pt, int dpi) {
  return std::ceil(size_pt * dpi / 72.0);
}

}  // namespace

Result<PdfInfo> InspectPdf(const std::string& path, const PdfLimits& limits) {
  auto info = RunPdfInfo(path, 0, std::max(limits.max_described_pages, 1) - 1, limits);
  // pdfinfo answers "Wrong page range" when even page 1 does not exist.
  if (!info.ok() && info.error().code == ErrorCode::kInvalidArgument) {
    return MakeError(ErrorCode::kCorruptInput, "the PDF has no pages");
  }
  return info;
}

Result<std::vector<DocumentPage>> ExtractTextLayer(const std::string& path, const std::vector<int>& pages,
                                                   const PdfLimits& limits) {
  for (int page : pages) {
    if (page < 0) return MakeError(ErrorCode::kInvalidArgument, "negative page number " + std::to_string(page));
  }
  std::map<int, DocumentPage> extracted;
  for (const auto& [first, last] : ConsecutiveRuns(pages)) {
    Result<std::vector<DocumentPage>> run = ExtractPageRun(path, first, last, limits);
    if (!run.ok()) return run.error();
    for (DocumentPage& page : *run) extracted.emplace(page.page_id, std::move(page));
  }
  std::vector<DocumentPage> result;
  result.reserve(pages.size());
  for (int page : pages) result.push_back(extracted.at(page));
  return result;
}

bool PageHasTextLayer(const DocumentPage& page, int min_characters) {
  int count = 0;
  for (const TextLine& line : page.lines) {
    count += CountVisibleCharacters(line.text);
    if (count >= min_characters) return true;
  }
  return count >= min_characters;
}

int ChooseOcrDpi(double page_width_pt, double page_height_pt, const PdfRenderSettings& settings) {
  const double longer_side_pt = std::max(page_width_pt, page_height_pt);
  if (!std::isfinite(longer_side_pt) || page_width_pt <= 0 || page_height_pt <= 0) return settings.dpi;
  int dpi = settings.dpi;
  if (settings.max_side_px > 0) {
    const double largest_fitting_dpi = std::floor(settings.max_side_px * 72.0 / longer_side_pt);
    if (largest_fitting_dpi < dpi) dpi = static_cast<int>(std::max(largest_fitting_dpi, 0.0));
  }
  return std::max(dpi, kMinOcrDpi);
}

Result<cv::Mat> RasterizePdfPage(const std::string& path, const PdfInfo& info, int page, int dpi,
                                 const PdfLimits& limits) {
  if (page < 0 || page >= info.page_count) {
    return MakeError(ErrorCode::kInvalidArgument, "page " + std::to_string(page) + " is out of range: the PDF has " +
                                                      std::to_string(info.page_count) + " page(s)");
  }
  if (dpi < 1 || dpi > limits.max_dpi) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "dpi " + std::to_string(dpi) + " is outside 1.." + std::to_string(limits.max_dpi));
  }
  PdfPageSize size;
  if (static_cast<std::size_t>(page) < info.page_sizes.size()) {
    size = info.page_sizes[static_cast<std::size_t>(page)];
  } else {
    Result<PdfInfo> described = RunPdfInfo(path, page, page, limits);
    if (!described.ok()) return described.error();
    if (described->page_sizes.empty()) return MakeError(ErrorCode::kCorruptInput, "pdfinfo gave no page size");
    size = described->page_sizes.front();
  }
  const double width_px = PixelsAt(size.width_pt, dpi);
  const double height_px = PixelsAt(size.height_pt, dpi);
  // Compared in double (no overflow); the negated form also refuses NaN.
  if (!(width_px * height_px <= static_cast<double>(limits.max_page_pixels))) {
    char pixels[64];
    std::snprintf(pixels, sizeof pixels, "%.0fx%.0f", width_px, height_px);
    return MakeError(ErrorCode::kLimitExceeded, "page " + std::to_string(page) + " at " + std::to_string(dpi) +
                                                    " dpi would be " + pixels + " pixels, over the limit of " +
                                                    std::to_string(limits.max_page_pixels));
  }
  const auto width = static_cast<std::int64_t>(width_px);
  const auto height = static_cast<std::int64_t>(height_px);
  SubprocessLimits subprocess = limits.subprocess;
  const auto expected_bytes = static_cast<std::size_t>((width + 2) * (height + 2) * 3 + 64);  // rounding slack
  subprocess.max_stdout = std::min(subprocess.max_stdout, expected_bytes);
  const std::string page_number = std::to_string(page + 1);
  Result<std::string> ppm = RunTool({"pdftoppm", "-r", std::to_string(dpi), "-f", page_number, "-l", page_number,
                                     "-singlefile", "-cropbox", PathArgument(path)},
                                    subprocess);
  if (!ppm.ok()) return ppm.error();
  return ParsePpm(*ppm, limits.max_page_pixels);
}

Status UnderlayPages(const std::string& path, const std::string& layer_path, const std::vector<int>& pages,
                     const std::string& out_path, const PdfLimits& limits) {
  if (pages.empty()) return MakeError(ErrorCode::kInvalidArgument, "no page to lay a text layer under");
  std::string targets;
  for (const int page : pages) {
    if (page < 0) return MakeError(ErrorCode::kInvalidArgument, "a page index is negative");
    targets += (targets.empty() ? "" : ",") + std::to_string(page + 1);
  }
  Result<SubprocessResult> run = RunSubprocess({"qpdf", "--no-warn", PathArgument(path), "--underlay",
                                                PathArgument(layer_path), "--to=" + targets,
                                                "--from=1-" + std::to_string(pages.size()), "--",
                                                PathArgument(out_path)},
                                               limits.subprocess);
  if (!run.ok()) return run.error();
  // qpdf exits 3 when it wrote the file but warned (a damaged input it repaired).
  if ((run->exit_code == 0 || run->exit_code == 3) && run->term_signal == 0) return Status::Ok();
  const std::string detail = LastStderrLine(run->stderr_text);
  return MakeError(ErrorCode::kCorruptInput, "cannot add a text layer to the PDF (qpdf exit " +
                                                 std::to_string(run->exit_code) +
                                                 (detail.empty() ? std::string(")") : "): " + detail));
}

}  // namespace onnxocr

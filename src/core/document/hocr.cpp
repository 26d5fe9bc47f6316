#include "core/document/hocr.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/document/json_geometry.h"
#include "core/document/reading_order.h"
#include "core/document/text_clean.h"

namespace onnxocr {
namespace {

// "bbox x0 y0 x1 y1": the quad's bounds, whole units, x1 > x0 and y1 > y0.
std::string Bbox(const Quad& quad) {
  float x0 = quad[0].x, y0 = quad[0].y, x1 = quad[0].x, y1 = quad[0].y;
  for (const cv::Point2f& point : quad) {
    x0 = std::min(x0, point.x);
    y0 = std::min(y0, point.y);
    x1 = std::max(x1, point.x);
    y1 = std::max(y1, point.y);
  }
  // Clamped to [0, 1e9]: boxes of extreme or infinite coordinates still give numbers.
  const auto whole = [](float value, bool up) {
    const double clamped = std::clamp(static_cast<double>(value), 0.0, 1e9);
    return static_cast<long>(up ? std::ceil(clamped) : std::floor(clamped));
  };
  const long left = whole(x0, false);
  const long top = whole(y0, false);
  const long right = std::max(left + 1, whole(x1, true));
  const long bottom = std::max(top + 1, whole(y1, true));
  return "bbox " + std::to_string(left) + " " + std::to_string(top) + " " + std::to_string(right) + " " +
         std::to_string(bottom);
}

int Wconf(float confidence) { return static_cast<int>(std::lround(std::clamp(confidence, 0.0f, 1.0f) * 100.0f)); }

void AppendWord(std::string& out, const std::string& id, std::string_view text, float confidence, const Quad& box) {
  out += "      <span class=\"ocrx_word\" id=\"" + id + "\" title=\"" + Bbox(box) +
         "; x_wconf " + std::to_string(Wconf(confidence)) + "\">";
  AppendHtmlEscaped(out, text);
  out += "</span>\n";
}

}  // namespace

std::string RenderHocr(const std::vector<DocumentPage>& pages) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
      "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
      "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n"
      "<head>\n"
      "  <title>OCR</title>\n"
      "  <meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n"
      "  <meta name=\"ocr-system\" content=\"onnxocr-server\" />\n"
      "  <meta name=\"ocr-capabilities\" content=\"ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf\" />\n"
      "</head>\n"
      "<body>\n";
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const DocumentPage& page = pages[p];
    const std::string page_number = std::to_string(p + 1);
    const long width = std::max(1L, static_cast<long>(std::clamp(std::round(page.width), 0.0, 1e9)));
    const long height = std::max(1L, static_cast<long>(std::clamp(std::round(page.height), 0.0, 1e9)));
    out += "<div class=\"ocr_page\" id=\"page_" + page_number + "\" title=\"bbox 0 0 " + std::to_string(width) + " " +
           std::to_string(height) + "; ppageno " + std::to_string(page.page_id) + "\">\n";
    int block_number = 0, line_number = 0, word_number = 0;
    for (const TextBlock& block : GroupIntoBlocks(page)) {
      const std::string block_id = page_number + "_" + std::to_string(++block_number);
      const std::string box = Bbox(RectQuad(block.bbox));
      out += "  <div class=\"ocr_carea\" id=\"block_" + block_id + "\" title=\"" + box + "\">\n";
      out += "    <p class=\"ocr_par\" id=\"par_" + block_id + "\" title=\"" + box + "\">\n";
      for (const TextLine& line : block.lines) {
        const std::string text = CleanText(line.text);
        if (text.empty()) continue;
        out += "     <span class=\"ocr_line\" id=\"line_" + page_number + "_" + std::to_string(++line_number) +
               "\" title=\"" + Bbox(line.box) + "\">\n";
        const auto word_id = [&] { return "word_" + page_number + "_" + std::to_string(++word_number); };
        if (line.words && !line.words->empty()) {
          for (const TextWord& word : *line.words) AppendWord(out, word_id(), CleanText(word.text), word.confidence, word.box);
        } else {
          AppendWord(out, word_id(), text, line.confidence, line.box);
        }
        out += "     </span>\n";
      }
      out += "    </p>\n  </div>\n";
    }
    out += "</div>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace onnxocr

#include "server/ocr_response.h"

#include "core/json_text.h"

namespace onnxocr::server {

void AppendTextLines(std::string& out, const std::vector<TextLine>& lines) {
  out += '[';
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const TextLine& line = lines[i];
    if (i > 0) out += ", ";
    out += "{\"text\": ";
    AppendJsonString(out, line.text);
    out += ", \"confidence\": ";
    AppendJsonNumber(out, line.confidence);
    out += ", \"bounding_box\": [";
    for (std::size_t k = 0; k < line.box.size(); ++k) {
      if (k > 0) out += ", ";
      out += '[';
      AppendJsonNumber(out, line.box[k].x);
      out += ", ";
      AppendJsonNumber(out, line.box[k].y);
      out += ']';
    }
    out += "]}";
  }
  out += ']';
}

std::string RenderOcrResponse(double processing_time, const std::vector<TextLine>& lines) {
  std::string out = "{\"processing_time\": ";
  AppendJsonNumber(out, processing_time);
  out += ", \"results\": ";
  AppendTextLines(out, lines);
  out += '}';
  return out;
}

std::string RenderOcrResponsePages(double processing_time, const std::vector<std::vector<TextLine>>& pages) {
  std::string out = "{\"processing_time\": ";
  AppendJsonNumber(out, processing_time);
  out += ", \"results\": [";
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (i > 0) out += ", ";
    AppendTextLines(out, pages[i]);
  }
  out += "]}";
  return out;
}

}  // namespace onnxocr::server

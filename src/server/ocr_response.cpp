#include "server/ocr_response.h"

#include <algorithm>

#include "core/json_text.h"

namespace onnxocr::server {

namespace {

void AppendQuad(std::string& out, const Quad& box) {
  out += '[';
  for (std::size_t k = 0; k < box.size(); ++k) {
    if (k > 0) out += ", ";
    out += '[';
    AppendJsonNumber(out, box[k].x);
    out += ", ";
    AppendJsonNumber(out, box[k].y);
    out += ']';
  }
  out += ']';
}

// {"text", "confidence", "bounding_box"}: a line's or a word's.
template <class Text>
void AppendTextFields(std::string& out, const Text& text) {
  out += "{\"text\": ";
  AppendJsonString(out, text.text);
  out += ", \"confidence\": ";
  AppendJsonNumber(out, text.confidence);
  out += ", \"bounding_box\": ";
  AppendQuad(out, text.box);
}

}  // namespace

void AppendTextLines(std::string& out, const std::vector<TextLine>& lines) {
  out += '[';
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const TextLine& line = lines[i];
    if (i > 0) out += ", ";
    AppendTextFields(out, line);
    if (line.words) {
      out += ", \"words\": [";
      for (std::size_t w = 0; w < line.words->size(); ++w) {
        if (w > 0) out += ", ";
        AppendTextFields(out, (*line.words)[w]);
        out += '}';
      }
      out += ']';
    }
    out += '}';
  }
  out += ']';
}

std::string RenderOcrResponse(double processing_time, const OcrResult& page) {
  std::string out = "{\"processing_time\": ";
  AppendJsonNumber(out, processing_time);
  out += ", \"results\": ";
  AppendTextLines(out, page.lines);
  if (page.orientation) out += ", \"orientation\": " + std::to_string(*page.orientation);
  out += '}';
  return out;
}

std::string RenderOcrResponsePages(double processing_time, const std::vector<OcrResult>& pages) {
  std::string out = "{\"processing_time\": ";
  AppendJsonNumber(out, processing_time);
  out += ", \"results\": [";
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (i > 0) out += ", ";
    AppendTextLines(out, pages[i].lines);
  }
  out += ']';
  const bool oriented = std::any_of(pages.begin(), pages.end(), [](const OcrResult& p) { return p.orientation; });
  if (oriented) {
    out += ", \"orientation\": [";
    for (std::size_t i = 0; i < pages.size(); ++i) {
      if (i > 0) out += ", ";
      out += std::to_string(pages[i].orientation.value_or(0));
    }
    out += ']';
  }
  out += '}';
  return out;
}

}  // namespace onnxocr::server

#include "core/document/page_json.h"

#include <simdjson.h>

#include <cmath>
#include <string>

#include "core/json_text.h"

namespace onnxocr {

namespace {

// "text", "confidence" and "box" (8 numbers) of a line or a word.
template <class Text>
void AppendTextFields(std::string& out, const Text& text) {
  out += "{\"text\": ";
  AppendJsonString(out, text.text);
  out += ", \"confidence\": ";
  AppendJsonNumber(out, text.confidence);
  out += ", \"box\": [";
  for (std::size_t i = 0; i < text.box.size(); ++i) {
    if (i > 0) out += ", ";
    AppendJsonNumber(out, text.box[i].x);
    out += ", ";
    AppendJsonNumber(out, text.box[i].y);
  }
  out += ']';
}

}  // namespace

std::string DocumentPageToJson(const DocumentPage& page) {
  std::string out = "{\"page_id\": " + std::to_string(page.page_id) + ", \"width\": ";
  AppendJsonNumber(out, page.width);
  out += ", \"height\": ";
  AppendJsonNumber(out, page.height);
  out += page.source == TextSource::kOcr ? ", \"source\": \"ocr\"" : ", \"source\": \"pdf_text\"";
  if (page.orientation) out += ", \"orientation\": " + std::to_string(*page.orientation);
  out += ", \"lines\": [";
  bool first_line = true;
  for (const TextLine& line : page.lines) {
    if (!first_line) out += ", ";
    first_line = false;
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
  out += "]}";
  return out;
}

namespace {

Error Corrupt(const std::string& what) {
  return MakeError(ErrorCode::kCorruptInput, "stored page: " + what);
}

// A line's or a word's "text", "confidence" and "box".
template <class Text>
Status ReadTextFields(const simdjson::dom::element& item, Text& out) {
  std::string_view text;
  double confidence = 0;
  simdjson::dom::array box;
  if (item["text"].get(text) || item["confidence"].get(confidence) || item["box"].get(box)) {
    return Corrupt("a line field is missing or of the wrong type");
  }
  if (box.size() != 2 * out.box.size()) return Corrupt("a box is not 4 points");
  std::size_t i = 0;
  for (const simdjson::dom::element coordinate : box) {
    double value = 0;
    if (coordinate.get(value)) return Corrupt("a box coordinate is not a number");
    (i % 2 == 0 ? out.box[i / 2].x : out.box[i / 2].y) = static_cast<float>(value);
    ++i;
  }
  out.text = std::string(text);
  out.confidence = static_cast<float>(confidence);
  return Status::Ok();
}

}  // namespace

Result<DocumentPage> DocumentPageFromJson(std::string_view json) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) return Corrupt("not JSON");
  DocumentPage page;
  int64_t page_id = 0;
  std::string_view source;
  simdjson::dom::array lines;
  if (root["page_id"].get(page_id) || root["width"].get(page.width) || root["height"].get(page.height) ||
      root["source"].get(source) || root["lines"].get(lines)) {
    return Corrupt("a field is missing or of the wrong type");
  }
  if (page_id < 0 || page_id > INT32_MAX) return Corrupt("page_id out of range");
  page.page_id = static_cast<int>(page_id);
  if (source == "ocr") {
    page.source = TextSource::kOcr;
  } else if (source == "pdf_text") {
    page.source = TextSource::kPdfText;
  } else {
    return Corrupt("unknown source");
  }
  int64_t orientation = 0;
  if (root["orientation"].get(orientation) == simdjson::SUCCESS) {
    if (orientation != 0 && orientation != 90 && orientation != 180 && orientation != 270) {
      return Corrupt("orientation is not a quarter turn");
    }
    page.orientation = static_cast<int>(orientation);
  }
  for (const simdjson::dom::element item : lines) {
    TextLine line;
    if (Status read = ReadTextFields(item, line); !read.ok()) return read.error();
    simdjson::dom::array words;
    if (item["words"].get(words) == simdjson::SUCCESS) {
      line.words.emplace();
      for (const simdjson::dom::element stored : words) {
        TextWord word;
        if (Status read = ReadTextFields(stored, word); !read.ok()) return read.error();
        line.words->push_back(std::move(word));
      }
    }
    page.lines.push_back(std::move(line));
  }
  return page;
}

}  // namespace onnxocr

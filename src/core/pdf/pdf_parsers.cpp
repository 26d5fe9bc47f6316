#include "core/pdf/pdf_parsers.h"

#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>

namespace onnxocr {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n";

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kWhitespace) - first + 1);
}

std::optional<double> ParseDouble(std::string_view text) {
  text = Trim(text);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<long long> ParseInteger(std::string_view text) {
  text = Trim(text);
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Error Corrupt(std::string_view what) {
  return MakeError(ErrorCode::kCorruptInput, std::string(what));
}

// ---- pdfinfo ---------------------------------------------------------------

struct PageReport {
  std::optional<PdfPageSize> size;
  long long rotation = 0;
};

// "612 x 792 pts (letter)" -> {612, 792}.
std::optional<PdfPageSize> ParseSizeValue(std::string_view value) {
  const auto x = value.find(" x ");
  const auto pts = value.find(" pts");
  if (x == std::string_view::npos || pts == std::string_view::npos || pts < x) return std::nullopt;
  const auto width = ParseDouble(value.substr(0, x));
  const auto height = ParseDouble(value.substr(x + 3, pts - x - 3));
  if (!width || !height || *width <= 0 || *height <= 0) return std::nullopt;
  return PdfPageSize{*width, *height};
}

// "Page    3 size:  ..." -> {3, "size", "..."}.
struct PageLine {
  long long page = 0;
  std::string_view key;
  std::string_view value;
};

std::optional<PageLine> SplitPageLine(std::string_view line) {
  if (!line.starts_with("Page ")) return std::nullopt;
  std::string_view rest = Trim(line.substr(5));
  const auto space = rest.find(' ');
  const auto colon = rest.find(':');
  if (space == std::string_view::npos || colon == std::string_view::npos || colon < space) return std::nullopt;
  const auto page = ParseInteger(rest.substr(0, space));
  if (!page || *page < 1) return std::nullopt;
  return PageLine{*page, Trim(rest.substr(space, colon - space)), Trim(rest.substr(colon + 1))};
}

// ---- XHTML -----------------------------------------------------------------

struct Tag {
  std::string_view name;
  bool closing = false;
  bool self_closing = false;
  std::map<std::string_view, std::string_view, std::less<>> attributes;
};

// Parses the inside of "<...>" (without the brackets). Attribute values stay encoded.
std::optional<Tag> ParseTag(std::string_view body) {
  Tag tag;
  if (body.starts_with('/')) {
    tag.closing = true;
    body.remove_prefix(1);
  }
  if (body.ends_with('/')) {
    tag.self_closing = true;
    body.remove_suffix(1);
  }
  const auto name_end = std::min(body.find_first_of(kWhitespace), body.size());
  tag.name = body.substr(0, name_end);
  if (tag.name.empty()) return std::nullopt;
  std::string_view rest = body.substr(name_end);
  while (true) {
    rest = Trim(rest);
    if (rest.empty()) return tag;
    const auto equals = rest.find('=');
    if (equals == std::string_view::npos || equals + 1 >= rest.size()) return std::nullopt;
    const std::string_view name = Trim(rest.substr(0, equals));
    std::string_view after = Trim(rest.substr(equals + 1));
    if (after.empty() || (after[0] != '"' && after[0] != '\'')) return std::nullopt;
    const auto close = after.find(after[0], 1);
    if (close == std::string_view::npos) return std::nullopt;
    tag.attributes[name] = after.substr(1, close - 1);
    rest = after.substr(close + 1);
  }
}

// End of the tag opened at `open` ('<'), honouring quoted attribute values; npos if unterminated.
std::size_t FindTagEnd(std::string_view text, std::size_t open) {
  char quote = 0;
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

std::optional<double> NumberAttribute(const Tag& tag, std::string_view name) {
  const auto found = tag.attributes.find(name);
  if (found == tag.attributes.end()) return std::nullopt;
  return ParseDouble(found->second);
}

void AppendUtf8(std::string& out, std::uint32_t code_point) {
  if (code_point == 0 || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    code_point = 0xFFFD;
  }
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// "#65", "#x41" -> 65; nullopt when malformed or too large.
std::optional<std::uint32_t> ParseCharacterReference(std::string_view name) {
  if (name.size() < 2 || name[0] != '#') return std::nullopt;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  const std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

struct LineBuilder {
  Quad box;
  std::vector<std::string> words;
};

// Turns pdftotext's element stream into pages; one instance per parse.
class TextLayerBuilder {
 public:
  explicit TextLayerBuilder(int first_page_id) : next_page_id_(first_page_id) {}

  Status OnTag(const Tag& tag) {
    if (tag.name == "page") return tag.closing ? ClosePage() : OpenPage(tag);
    if (tag.name == "line") return tag.closing ? CloseLine() : OpenLine(tag);
    if (tag.name == "word") return tag.closing ? CloseWord() : OpenWord(tag);
    return Status::Ok();  // html, head, meta, body, doc, flow, block: structure only
  }

  void OnText(std::string_view text) {
    if (word_) word_->append(text);
  }

  Result<std::vector<DocumentPage>> Finish() {
    if (page_ || line_ || word_) return Corrupt("pdftotext output ends inside a <page>");
    return std::move(pages_);
  }

 private:
  Status OpenPage(const Tag& tag) {
    if (page_) return Corrupt("nested <page> in pdftotext output");
    const auto width = NumberAttribute(tag, "width");
    const auto height = NumberAttribute(tag, "height");
    if (!width || !height || *width < 0 || *height < 0) return Corrupt("<page> without a valid width and height");
    page_ = DocumentPage{};
    page_->page_id = next_page_id_++;
    page_->width = *width;
    page_->height = *height;
    page_->source = TextSource::kPdfText;
    if (tag.self_closing) return ClosePage();
    return Status::Ok();
  }

  Status ClosePage() {
    if (!page_ || line_) return Corrupt("misplaced </page> in pdftotext output");
    pages_.push_back(std::move(*page_));
    page_.reset();
    return Status::Ok();
  }

  Status OpenLine(const Tag& tag) {
    if (!page_ || line_) return Corrupt("<line> outside a <page> in pdftotext output");
    const auto x_min = NumberAttribute(tag, "xMin");
    const auto y_min = NumberAttribute(tag, "yMin");
    const auto x_max = NumberAttribute(tag, "xMax");
    const auto y_max = NumberAttribute(tag, "yMax");
    if (!x_min || !y_min || !x_max || !y_max) return Corrupt("<line> without a valid bounding box");
    const auto left = static_cast<float>(*x_min);
    const auto top = static_cast<float>(*y_min);
    const auto right = static_cast<float>(*x_max);
    const auto bottom = static_cast<float>(*y_max);
    line_ = LineBuilder{};
    line_->box =
        Quad{cv::Point2f(left, top), cv::Point2f(right, top), cv::Point2f(right, bottom), cv::Point2f(left, bottom)};
    if (tag.self_closing) return CloseLine();
    return Status::Ok();
  }

  Status CloseLine() {
    if (!line_ || word_) return Corrupt("misplaced </line> in pdftotext output");
    TextLine text_line;
    for (const std::string& word : line_->words) {
      if (word.empty()) continue;
      if (!text_line.text.empty()) text_line.text += ' ';
      text_line.text += word;
    }
    text_line.confidence = 1.0f;
    text_line.box = line_->box;
    if (!text_line.text.empty()) page_->lines.push_back(std::move(text_line));
    line_.reset();
    return Status::Ok();
  }

  Status OpenWord(const Tag& tag) {
    if (!line_ || word_) return Corrupt("<word> outside a <line> in pdftotext output");
    if (tag.self_closing) return Status::Ok();
    word_ = std::string();
    return Status::Ok();
  }

  Status CloseWord() {
    if (!word_) return Corrupt("misplaced </word> in pdftotext output");
    line_->words.push_back(std::string(Trim(DecodeXmlEntities(*word_))));
    word_.reset();
    return Status::Ok();
  }

  int next_page_id_;
  std::vector<DocumentPage> pages_;
  std::optional<DocumentPage> page_;
  std::optional<LineBuilder> line_;
  std::optional<std::string> word_;
};

// ---- PPM -------------------------------------------------------------------

// Reads the next header token (a decimal number), skipping whitespace and '#' comments.
std::optional<long long> NextHeaderNumber(std::string_view data, std::size_t& pos) {
  while (pos < data.size()) {
    if (data[pos] == '#') {
      while (pos < data.size() && data[pos] != '\n') ++pos;
    } else if (kWhitespace.find(data[pos]) != std::string_view::npos || data[pos] == '\v' || data[pos] == '\f') {
      ++pos;
    } else {
      break;
    }
  }
  const std::size_t start = pos;
  while (pos < data.size() && pos - start < 10 && data[pos] >= '0' && data[pos] <= '9') ++pos;
  if (pos == start || (pos < data.size() && data[pos] >= '0' && data[pos] <= '9')) return std::nullopt;
  return ParseInteger(data.substr(start, pos - start));
}

}  // namespace

Result<PdfInfo> ParsePdfInfoOutput(std::string_view report, int first_page) {
  std::optional<long long> page_count;
  bool encrypted = false;
  std::map<long long, PageReport> pages;
  std::size_t start = 0;
  while (start < report.size()) {
    const std::size_t end = std::min(report.find('\n', start), report.size());
    const std::string_view line = report.substr(start, end - start);
    start = end + 1;
    if (line.starts_with("Pages:")) {
      page_count = ParseInteger(line.substr(6));
    } else if (line.starts_with("Encrypted:")) {
      encrypted = Trim(line.substr(10)).starts_with("yes");
    } else if (const auto page_line = SplitPageLine(line)) {
      if (page_line->key == "size") pages[page_line->page].size = ParseSizeValue(page_line->value);
      if (page_line->key == "rot") pages[page_line->page].rotation = ParseInteger(page_line->value).value_or(0);
    }
  }
  if (!page_count) return Corrupt("pdfinfo reported no page count");
  if (*page_count <= 0 || *page_count > 1'000'000) return Corrupt("PDF has no usable pages");
  PdfInfo info;
  info.page_count = static_cast<int>(*page_count);
  info.encrypted = encrypted;
  for (long long page = first_page + 1LL; page <= *page_count; ++page) {
    const auto found = pages.find(page);
    if (found == pages.end()) break;
    if (!found->second.size) return Corrupt("pdfinfo reported no valid size for page " + std::to_string(page - 1));
    PdfPageSize size = *found->second.size;
    if (((found->second.rotation % 180) + 180) % 180 == 90) std::swap(size.width_pt, size.height_pt);
    info.page_sizes.push_back(size);
  }
  return info;
}

std::string DecodeXmlEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) break;
    out.append(text.substr(pos, amp - pos));
    const std::size_t semicolon = text.find(';', amp);
    const std::string_view name = semicolon == std::string_view::npos || semicolon - amp > 12
                                      ? std::string_view()
                                      : text.substr(amp + 1, semicolon - amp - 1);
    pos = semicolon == std::string_view::npos ? amp + 1 : semicolon + 1;
    if (name == "amp") {
      out += '&';
    } else if (name == "lt") {
      out += '<';
    } else if (name == "gt") {
      out += '>';
    } else if (name == "quot") {
      out += '"';
    } else if (name == "apos") {
      out += '\'';
    } else if (const auto code_point = ParseCharacterReference(name)) {
      AppendUtf8(out, *code_point);
    } else {
      out += '&';
      pos = amp + 1;
    }
  }
  out.append(text.substr(std::min(pos, text.size())));
  return out;
}

Result<std::vector<DocumentPage>> ParseTextLayerXhtml(std::string_view xhtml, int first_page_id) {
  TextLayerBuilder builder(first_page_id);
  std::size_t pos = 0;
  while (pos < xhtml.size()) {
    const std::size_t open = xhtml.find('<', pos);
    builder.OnText(xhtml.substr(pos, std::min(open, xhtml.size()) - pos));
    if (open == std::string_view::npos) break;
    if (xhtml.substr(open).starts_with("<!--")) {
      const std::size_t close = xhtml.find("-->", open);
      if (close == std::string_view::npos) return Corrupt("unterminated comment in pdftotext output");
      pos = close + 3;
      continue;
    }
    const std::size_t close = FindTagEnd(xhtml, open);
    if (close == std::string_view::npos) return Corrupt("unterminated tag in pdftotext output");
    pos = close + 1;
    const std::string_view body = xhtml.substr(open + 1, close - open - 1);
    if (body.starts_with('!') || body.starts_with('?')) continue;  // <!DOCTYPE ...>, <?xml ...?>
    const auto tag = ParseTag(body);
    if (!tag) return Corrupt("malformed tag in pdftotext output");
    if (Status status = builder.OnTag(*tag); !status.ok()) return status.error();
  }
  return builder.Finish();
}

Result<cv::Mat> ParsePpm(std::string_view data, std::int64_t max_pixels) {
  if (!data.starts_with("P6")) return MakeError(ErrorCode::kUnsupportedFormat, "not a binary PPM (P6) image");
  std::size_t pos = 2;
  const auto width = NextHeaderNumber(data, pos);
  const auto height = NextHeaderNumber(data, pos);
  const auto max_value = NextHeaderNumber(data, pos);
  if (!width || !height || !max_value || pos >= data.size() || *width <= 0 || *height <= 0) {
    return Corrupt("malformed PPM header");
  }
  if (*max_value != 255) return MakeError(ErrorCode::kUnsupportedFormat, "PPM with maxval other than 255");
  ++pos;  // the single whitespace character before the raster
  if (*width > (1 << 20) || *height > (1 << 20) || *width * *height > max_pixels) {
    return MakeError(ErrorCode::kLimitExceeded, "rendered page of " + std::to_string(*width) + "x" +
                                                    std::to_string(*height) + " pixels is over the limit of " +
                                                    std::to_string(max_pixels) + " pixels");
  }
  const auto row_bytes = static_cast<std::size_t>(*width) * 3;
  const auto raster_bytes = row_bytes * static_cast<std::size_t>(*height);
  if (data.size() - pos < raster_bytes) return Corrupt("truncated PPM raster");
  const int rows = static_cast<int>(*height);
  const int cols = static_cast<int>(*width);
  // OpenCV wants a non-const pointer for a header over foreign data; the data is only read.
  const cv::Mat rgb(rows, cols, CV_8UC3, const_cast<char*>(data.data() + pos), row_bytes);
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  return bgr;
}

}  // namespace onnxocr

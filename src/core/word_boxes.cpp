#include "core/word_boxes.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/text_crop.h"

namespace onnxocr {
namespace {

// The first code point of UTF-8 text (0 when empty or malformed).
char32_t FirstCodePoint(std::string_view text) {
  if (text.empty()) return 0;
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) return lead;
  int length = 0;
  char32_t code = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() < static_cast<std::size_t>(length)) return 0;
  for (int i = 1; i < length; ++i) code = (code << 6) | (byte(static_cast<std::size_t>(i)) & 0x3F);
  return code;
}

bool IsSpace(std::string_view character) {
  return character == " " || character == "\t" || character == "\u3000";
}

// Maps points of the crop the recogniser read back to the source image.
class CropToImage {
 public:
  CropToImage(const Quad& line, bool turned_180) : warped_(WarpedLineSize(line)), turned_180_(turned_180) {
    turned_90_ = TurnsVerticalLine(warped_);
    crop_ = turned_90_ ? cv::Size(warped_.height, warped_.width) : warped_;
    const auto w = static_cast<float>(warped_.width);
    const auto h = static_cast<float>(warped_.height);
    const std::array<cv::Point2f, 4> rect{cv::Point2f(0, 0), cv::Point2f(w, 0), cv::Point2f(w, h), cv::Point2f(0, h)};
    to_image_ = cv::getPerspectiveTransform(rect.data(), line.data());
  }

  double crop_width() const { return crop_.width; }

  // The crop's rectangle [x0, x1] x [0, height] as an image quad, corners in
  // the crop's reading order (top-left, top-right, bottom-right, bottom-left).
  Quad Span(double x0, double x1) const {
    const auto height = static_cast<double>(crop_.height);
    const std::array<cv::Point2d, 4> corners{cv::Point2d(x0, 0), cv::Point2d(x1, 0), cv::Point2d(x1, height),
                                             cv::Point2d(x0, height)};
    std::vector<cv::Point2f> warped;
    for (cv::Point2d point : corners) {
      if (turned_180_) point = {crop_.width - point.x, crop_.height - point.y};
      // CropTextLine turned the warped line 90° counter-clockwise: crop (x, y)
      // came from warped (W - y, x).
      if (turned_90_) point = {warped_.width - point.y, point.x};
      warped.emplace_back(static_cast<float>(point.x), static_cast<float>(point.y));
    }
    std::vector<cv::Point2f> image;
    cv::perspectiveTransform(warped, image, to_image_);
    return {image[0], image[1], image[2], image[3]};
  }

 private:
  cv::Size warped_;
  cv::Size crop_;
  bool turned_90_ = false;
  bool turned_180_;
  cv::Mat to_image_;
};

struct WordSpan {
  std::size_t first = 0;  // index into chars
  std::size_t last = 0;
};

}  // namespace

double CropPixelsPerStep(int crop_width, int resized_width, int padded_width, int time_steps) {
  if (resized_width <= 0 || time_steps <= 0) return 0.0;
  return static_cast<double>(padded_width) / time_steps * crop_width / resized_width;
}

bool IsWordPerCharacter(std::string_view character) {
  const char32_t code = FirstCodePoint(character);
  return (code >= 0x2E80 && code <= 0x2FDF) ||    // CJK radicals, Kangxi radicals
         (code >= 0x3000 && code <= 0x30FF) ||    // CJK symbols and punctuation, hiragana, katakana
         (code >= 0x3100 && code <= 0x31FF) ||    // bopomofo, kanbun, katakana extensions
         (code >= 0x3400 && code <= 0x4DBF) ||    // CJK extension A
         (code >= 0x4E00 && code <= 0x9FFF) ||    // CJK unified ideographs
         (code >= 0xF900 && code <= 0xFAFF) ||    // CJK compatibility ideographs
         (code >= 0xFE30 && code <= 0xFE4F) ||    // CJK compatibility forms
         (code >= 0xFF00 && code <= 0xFFEF) ||    // halfwidth and fullwidth forms
         (code >= 0x20000 && code <= 0x3FFFF);    // CJK extensions B and later
}

std::vector<TextWord> LineWords(const std::vector<DecodedChar>& chars, double crop_pixels_per_step, const Quad& line,
                                bool turned_180) {
  std::vector<WordSpan> spans;
  bool open = false;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const std::string& text = chars[i].text;
    if (IsSpace(text)) {
      open = false;
    } else if (IsWordPerCharacter(text)) {
      spans.push_back({i, i});
      open = false;
    } else if (open) {
      spans.back().last = i;
    } else {
      spans.push_back({i, i});
      open = true;
    }
  }
  const CropToImage mapping(line, turned_180);
  const double width = mapping.crop_width();
  const auto x_at = [&](double steps) { return std::clamp(steps * crop_pixels_per_step, 0.0, width); };
  std::vector<TextWord> words;
  words.reserve(spans.size());
  for (std::size_t w = 0; w < spans.size(); ++w) {
    const WordSpan& span = spans[w];
    // Halfway between the end of the previous word's last run and the start
    // of this word's first, and likewise on the right.
    const double left = w == 0 ? 0.0
                               : x_at((chars[spans[w - 1].last].last_step + 1 + chars[span.first].first_step) / 2.0);
    const double right = w + 1 == spans.size()
                             ? width
                             : x_at((chars[span.last].last_step + 1 + chars[spans[w + 1].first].first_step) / 2.0);
    TextWord word;
    double probability = 0.0;
    for (std::size_t i = span.first; i <= span.last; ++i) {
      word.text += chars[i].text;
      probability += chars[i].probability;
    }
    word.confidence = static_cast<float>(probability / static_cast<double>(span.last - span.first + 1));
    word.box = mapping.Span(left, std::max(left, right));
    words.push_back(std::move(word));
  }
  return words;
}

}  // namespace onnxocr

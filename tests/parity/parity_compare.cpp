#include "parity_compare.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace onnxocr::parity {
namespace {

std::vector<char32_t> CodePoints(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
    char32_t code = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    out.push_back(code);
    i += length;
  }
  return out;
}

float MaxCornerDistance(const Quad& a, const Quad& b) {
  float worst = 0;
  for (std::size_t k = 0; k < 4; ++k) worst = std::max(worst, static_cast<float>(cv::norm(a[k] - b[k])));
  return worst;
}

}  // namespace

std::vector<LinePair> PairLines(const std::vector<TextLine>& golden, const std::vector<TextLine>& ours,
                                float max_distance) {
  std::vector<LinePair> pairs;
  std::vector<bool> used(ours.size(), false);
  for (std::size_t g = 0; g < golden.size(); ++g) {
    int best = -1;
    float best_distance = std::numeric_limits<float>::max();
    for (std::size_t o = 0; o < ours.size(); ++o) {
      if (used[o]) continue;
      const float distance = MaxCornerDistance(golden[g].box, ours[o].box);
      if (distance < best_distance) {
        best_distance = distance;
        best = static_cast<int>(o);
      }
    }
    if (best >= 0 && best_distance <= max_distance) {
      used[static_cast<std::size_t>(best)] = true;
      pairs.push_back(LinePair{static_cast<int>(g), best, best_distance});
    } else {
      pairs.push_back(LinePair{static_cast<int>(g), -1, 0});
    }
  }
  for (std::size_t o = 0; o < ours.size(); ++o) {
    if (!used[o]) pairs.push_back(LinePair{-1, static_cast<int>(o), 0});
  }
  return pairs;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  const auto x = CodePoints(a);
  const auto y = CodePoints(b);
  std::vector<std::size_t> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

std::string WithoutWhitespace(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (text.substr(i, 3) == "\xE3\x80\x80") {  // U+3000 ideographic space
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace onnxocr::parity

#include "server/base64.h"

#include <array>
#include <string>

namespace onnxocr::server {
namespace {

constexpr std::uint8_t kInvalid = 0xFF;
constexpr std::uint8_t kSpace = 0xFE;

constexpr std::array<std::uint8_t, 256> kDecodeTable = [] {
  std::array<std::uint8_t, 256> table{};
  table.fill(kInvalid);
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
  for (const char c : std::string_view(" \t\r\n\f\v")) table[static_cast<unsigned char>(c)] = kSpace;
  return table;
}();

std::string_view StripDataUrl(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size() && kDecodeTable[static_cast<unsigned char>(text[start])] == kSpace) ++start;
  text.remove_prefix(start);
  if (text.substr(0, 5) != "data:") return text;
  const std::size_t comma = text.find(',');
  if (comma == std::string_view::npos || comma > 256) return text;  // not a data URL header: let decoding fail
  const std::string_view header = text.substr(0, comma);
  if (header.size() < 7 || header.substr(header.size() - 7) != ";base64") return text;
  return text.substr(comma + 1);
}

}  // namespace

Result<std::vector<std::uint8_t>> DecodeBase64(std::string_view text) {
  text = StripDataUrl(text);
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 4 * 3 + 3);
  std::uint32_t accumulator = 0;
  int bits = 0;
  std::size_t padding = 0;
  std::size_t symbols = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '=') {
      ++padding;
      continue;
    }
    const std::uint8_t value = kDecodeTable[c];
    if (value == kSpace) continue;
    if (value == kInvalid || padding > 0) {
      return MakeError(ErrorCode::kMalformedRequest,
                       "invalid base64: unexpected character at offset " + std::to_string(i));
    }
    ++symbols;
    accumulator = (accumulator << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((accumulator >> bits) & 0xFF));
    }
  }
  if (symbols == 0) return MakeError(ErrorCode::kMalformedRequest, "invalid base64: no data");
  if (symbols % 4 == 1 || padding > 2 || (padding > 0 && (symbols + padding) % 4 != 0)) {
    return MakeError(ErrorCode::kMalformedRequest, "invalid base64: truncated or wrongly padded");
  }
  return out;
}

}  // namespace onnxocr::server

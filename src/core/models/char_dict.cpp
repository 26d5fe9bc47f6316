#include "core/models/char_dict.h"

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <optional>
#include <string_view>
#include <system_error>

namespace onnxocr {
namespace {

constexpr std::uintmax_t kMaxDictBytes = std::uintmax_t{64} << 20;

bool IsContinuationByte(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// Length of the well-formed UTF-8 sequence starting at text[pos] (Unicode
// Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF), or 0.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  const auto second = static_cast<unsigned char>(text[pos + 1]);
  if (second < second_min || second > second_max) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (!IsContinuationByte(static_cast<unsigned char>(text[pos + i]))) return 0;
  }
  return length;
}

// Byte offset of the first ill-formed UTF-8 sequence, if any.
std::optional<std::size_t> FindInvalidUtf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t length = Utf8SequenceLength(text, pos);
    if (length == 0) return pos;
    pos += length;
  }
  return std::nullopt;
}

std::size_t LineNumberAt(std::string_view text, std::size_t offset) {
  std::size_t newlines = 0;
  for (std::size_t i = 0; i < offset; ++i) newlines += text[i] == '\n' ? 1 : 0;
  return newlines + 1;
}

// Python's line.strip("\n").strip("\r\n") on one line of readlines().
std::string_view StripLineEnding(std::string_view line) {
  const std::size_t first = line.find_first_not_of("\r\n");
  if (first == std::string_view::npos) return {};
  const std::size_t last = line.find_last_not_of("\r\n");
  return line.substr(first, last - first + 1);
}

Result<std::string> ReadWholeFile(const std::filesystem::path& file) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (!std::filesystem::exists(status)) {
    return MakeError(ErrorCode::kNotFound, file.string() + ": character dictionary not found");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return MakeError(ErrorCode::kModelError, file.string() + ": character dictionary is not a regular file");
  }
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxDictBytes) {
    return MakeError(ErrorCode::kModelError, file.string() + ": character dictionary size unreadable or over 64 MiB");
  }
  std::ifstream stream(file, std::ios::binary);
  std::string content(static_cast<std::size_t>(size), '\0');
  stream.read(content.data(), static_cast<std::streamsize>(content.size()));
  if (!stream.is_open() || static_cast<std::uintmax_t>(stream.gcount()) != size) {
    return MakeError(ErrorCode::kModelError, file.string() + ": cannot read character dictionary");
  }
  return content;
}

}  // namespace

Result<std::vector<std::string>> LoadCharacterDict(const std::filesystem::path& dict_file, bool use_space_char) {
  Result<std::string> content = ReadWholeFile(dict_file);
  if (!content.ok()) return content.error();
  const std::string_view text = *content;
  if (text.empty()) {
    return MakeError(ErrorCode::kModelError, dict_file.string() + ": character dictionary is empty");
  }
  if (const auto bad = FindInvalidUtf8(text)) {
    return MakeError(ErrorCode::kModelError, dict_file.string() + ": character dictionary is not UTF-8 (line " +
                                                 std::to_string(LineNumberAt(text, *bad)) + ", byte offset " +
                                                 std::to_string(*bad) + ")");
  }

  std::vector<std::string> characters;
  characters.emplace_back();  // CTC blank
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    line_end = line_end == std::string_view::npos ? text.size() : line_end + 1;
    characters.emplace_back(StripLineEnding(text.substr(line_start, line_end - line_start)));
    line_start = line_end;
  }
  if (use_space_char) characters.emplace_back(" ");
  return characters;
}

}  // namespace onnxocr

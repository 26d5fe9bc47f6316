// Helpers shared by the libFuzzer harnesses in tests/fuzz: invariant checks
// that abort (so libFuzzer records a crash) and independent validators for
// the renderers' output promises (UTF-8, JSON, well-formed HTML).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace onnxocr::fuzz {

[[noreturn]] inline void Fail(const char* file, int line, const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "\n==FUZZ INVARIANT== %s:%d: %s %.*s\n", file, line, what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

#define FUZZ_CHECK(condition)                                                     \
  do {                                                                            \
    if (!(condition)) ::onnxocr::fuzz::Fail(__FILE__, __LINE__, #condition);      \
  } while (0)
#define FUZZ_CHECK_MSG(condition, detail)                                         \
  do {                                                                            \
    if (!(condition)) ::onnxocr::fuzz::Fail(__FILE__, __LINE__, #condition, detail); \
  } while (0)

// kInternal means "a bug or an unexpected runtime failure" (core/status.h):
// no input may produce it from a parser or decoder.
inline void CheckNotInternal(const Error& error) {
  FUZZ_CHECK_MSG(error.code != ErrorCode::kInternal, error.message);
  FUZZ_CHECK(!error.message.empty());
}

// Strict UTF-8 (no overlongs, surrogates or code points over U+10FFFF),
// written independently of src/core/json_text.cpp.
inline bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2, code_point = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, code_point = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, code_point = c & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinForLength[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

// Well-formedness of the renderers' HTML: balanced tags (void elements and
// "<x ... />" excepted), quoted attribute values, no raw '<' or '>' in text,
// every '&' starting a named or numeric reference. Returns an empty string
// when well formed, else what is wrong.
inline std::string HtmlProblem(std::string_view html) {
  std::vector<std::string_view> open;
  std::size_t i = 0;
  const auto is_void = [](std::string_view name) { return name == "meta" || name == "br" || name == "img"; };
  while (i < html.size()) {
    const char c = html[i];
    if (c == '>') return "raw '>' in text at " + std::to_string(i);
    if (c == '&') {
      std::size_t k = i + 1;
      if (k < html.size() && html[k] == '#') ++k;
      const std::size_t start = k;
      while (k < html.size() && ((html[k] >= 'a' && html[k] <= 'z') || (html[k] >= 'A' && html[k] <= 'Z') ||
                                 (html[k] >= '0' && html[k] <= '9')))
        ++k;
      if (k == start || k >= html.size() || html[k] != ';') return "bare '&' at " + std::to_string(i);
      i = k + 1;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    if (html.substr(i).starts_with("<!DOCTYPE")) {
      const std::size_t end = html.find('>', i);
      if (end == std::string_view::npos) return "unterminated doctype";
      i = end + 1;
      continue;
    }
    // A tag: scan to '>' outside quotes.
    std::size_t k = i + 1;
    char quote = 0;
    for (; k < html.size(); ++k) {
      if (quote != 0) {
        if (html[k] == '<') return "'<' inside an attribute value at " + std::to_string(k);
        if (html[k] == quote) quote = 0;
      } else if (html[k] == '\'' || html[k] == '"') {
        quote = html[k];
      } else if (html[k] == '<') {
        return "'<' inside a tag at " + std::to_string(k);
      } else if (html[k] == '>') {
        break;
      }
    }
    if (k >= html.size()) return "unterminated tag at " + std::to_string(i);
    std::string_view body = html.substr(i + 1, k - i - 1);
    i = k + 1;
    const bool closing = body.starts_with('/');
    if (closing) body.remove_prefix(1);
    const bool self_closing = body.ends_with('/');
    if (self_closing) body.remove_suffix(1);
    const std::size_t name_end = std::min(body.find_first_of(" \t\n/"), body.size());
    const std::string_view name = body.substr(0, name_end);
    if (name.empty()) return "tag without a name at " + std::to_string(i);
    if (closing) {
      if (open.empty() || open.back() != name) return "unbalanced </" + std::string(name) + ">";
      open.pop_back();
    } else if (!self_closing && !is_void(name)) {
      open.push_back(name);
    }
  }
  if (!open.empty()) return "unclosed <" + std::string(open.back()) + ">";
  return {};
}

}  // namespace onnxocr::fuzz

// Text clean-up shared by the document renderers: valid UTF-8, no control
// characters, single spaces. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace onnxocr {

// Returns `text` as valid UTF-8 (invalid bytes become U+FFFD) with control
// characters turned into spaces, whitespace runs collapsed to one space, and
// leading/trailing spaces removed.
std::string CleanText(std::string_view text);

// Appends `text` with &, <, >, " and ' escaped for HTML and XML text and
// attribute values.
void AppendHtmlEscaped(std::string& out, std::string_view text);

// Number of code points in valid UTF-8 `text` (continuation bytes not counted).
std::size_t CodePointCount(std::string_view text);

}  // namespace onnxocr

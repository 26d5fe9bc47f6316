// JSON text primitives for the renderers: string literals that are always
// valid JSON (invalid UTF-8 replaced) and numbers that round-trip. Pure
// functions; thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace onnxocr {

// Length of the valid UTF-8 sequence starting at text[i] (i < size), or 0
// when the bytes there are not valid UTF-8 (overlong, surrogate, truncated).
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i);

// Appends `text` as a JSON string literal (quotes included). Invalid UTF-8
// bytes are replaced with U+FFFD so the output is always valid JSON.
void AppendJsonString(std::string& out, std::string_view text);

// Appends the shortest decimal that round-trips `value`, always with a
// fraction or exponent ("12.0", not "12"); non-finite values become 0.0.
void AppendJsonNumber(std::string& out, double value);

// Appends the strings as a JSON array of string literals: ["a", "b"].
void AppendJsonStringArray(std::string& out, std::span<const std::string> items);

}  // namespace onnxocr

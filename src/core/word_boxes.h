// Word boxes of a recognised line: its CTC characters (ctc_decode.h) grouped
// into words and mapped from the recogniser's output steps back through the
// crop's turns and perspective warp (text_crop.h) into source-image pixels.
// Pure functions; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "core/ctc_decode.h"
#include "core/geometry.h"
#include "core/ocr_types.h"

namespace onnxocr {

// Crop pixels per recogniser output step: the crop was resized to
// resized_width (of padded_width) and the model gave time_steps steps.
double CropPixelsPerStep(int crop_width, int resized_width, int padded_width, int time_steps);

// Whether `character` (one UTF-8 character) is written without spaces
// between words, so that it is a word of its own: Han ideographs, kana, CJK
// symbols and punctuation, fullwidth forms. Hangul is not: Korean puts spaces
// between words.
bool IsWordPerCharacter(std::string_view character);

// The words of the line whose crop was cut from `line` (CropTextLine) and,
// when `turned_180`, turned upside down by the classifier. Words are runs of
// characters between whitespace, except that a IsWordPerCharacter character
// is a word alone; concatenated with the whitespace between them they give
// the line's text. A word's box spans the line's height and reaches halfway
// to the neighbouring words' characters (to the crop's ends for the first and
// last), so every box lies within the line's box.
std::vector<TextWord> LineWords(const std::vector<DecodedChar>& chars, double crop_pixels_per_step, const Quad& line,
                                bool turned_180);

}  // namespace onnxocr

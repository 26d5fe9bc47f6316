// Greedy CTC decoding of recogniser output. Pure function; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace onnxocr {

// One kept character and the output steps it came from: the run of steps,
// first_step..last_step, whose arg-max is this class.
struct DecodedChar {
  std::string text;
  int first_step = 0;
  int last_step = 0;
  float probability = 0.0f;  // the first step's max probability
};

struct DecodedText {
  std::string text;
  float confidence = 0.0f;  // mean of the kept steps' max probabilities; 0 when nothing is kept
  std::vector<DecodedChar> chars;  // filled only when asked for (keep_alignment)
};

// `probabilities` holds time_steps x num_classes softmax scores of one line.
// Per step takes the arg-max class (first on ties), collapses repeats, drops
// the blank (class 0) and maps the rest through `characters` (index 0 = blank).
// Class ids outside `characters` are skipped. With `keep_alignment`, `chars`
// holds every kept character with its steps; text is their concatenation.
DecodedText DecodeCtcGreedy(std::span<const float> probabilities, int time_steps, int num_classes,
                            const std::vector<std::string>& characters, bool keep_alignment = false);

}  // namespace onnxocr

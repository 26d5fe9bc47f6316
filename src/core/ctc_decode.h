// Greedy CTC decoding of recogniser output. Pure function; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace onnxocr {

struct DecodedText {
  std::string text;
  float confidence = 0.0f;  // mean of the kept steps' max probabilities; 0 when nothing is kept
};

// `probabilities` holds time_steps x num_classes softmax scores of one line.
// Per step takes the arg-max class (first on ties), collapses repeats, drops
// the blank (class 0) and maps the rest through `characters` (index 0 = blank).
// Class ids outside `characters` are skipped.
DecodedText DecodeCtcGreedy(std::span<const float> probabilities, int time_steps, int num_classes,
                            const std::vector<std::string>& characters);

}  // namespace onnxocr

#include "core/ctc_decode.h"

#include <algorithm>

namespace onnxocr {

DecodedText DecodeCtcGreedy(std::span<const float> probabilities, int time_steps, int num_classes,
                            const std::vector<std::string>& characters, bool keep_alignment) {
  DecodedText decoded;
  double confidence_sum = 0.0;
  int kept = 0;
  int previous = -1;
  bool extending = false;  // the last kept character's run goes on at this step
  for (int t = 0; t < time_steps; ++t) {
    const auto step = probabilities.subspan(static_cast<std::size_t>(t) * num_classes, num_classes);
    const auto best = std::max_element(step.begin(), step.end());  // first maximum
    const int index = static_cast<int>(best - step.begin());
    const bool repeat = index == previous;
    previous = index;
    if (repeat) {
      if (extending) decoded.chars.back().last_step = t;
      continue;
    }
    extending = false;
    if (index == 0 || index >= static_cast<int>(characters.size())) continue;
    decoded.text += characters[index];
    confidence_sum += *best;
    ++kept;
    if (keep_alignment) {
      decoded.chars.push_back(DecodedChar{characters[index], t, t, *best});
      extending = true;
    }
  }
  decoded.confidence = kept == 0 ? 0.0f : static_cast<float>(confidence_sum / kept);
  return decoded;
}

}  // namespace onnxocr

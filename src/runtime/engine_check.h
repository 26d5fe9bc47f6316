// The start-up self-check of an engine against ONNX Runtime, the reference:
// both run every model of a set on the same synthetic input
// (synthetic_input.h) and their first outputs must agree within a tolerance
// set per precision. Stateless; each call loads its own models.
//
// Tolerances, over every value of the output (probabilities in [0, 1]):
//   f32:  max |difference| <= 1e-3 and mean <= 1e-4 (measured: max <= 5e-5,
//         mean <= 4e-7 on ppocrv5-mobile and ppocrv6-tiny);
//   bf16: mean <= 2e-2, and max <= 1 (bf16 keeps 8 bits of mantissa, so a
//         detector pixel near its threshold can flip: measured max 0.85 and
//         mean 7.5e-3 on the v5 detector, mean 5.6e-3 on the classifier).
// A NaN counts as infinitely far, so it fails either bound.
#pragma once

#include <string>
#include <vector>

#include "core/model_params.h"
#include "core/status.h"
#include "runtime/engine.h"

namespace onnxocr {

struct OutputAgreement {
  std::string model;  // "ppocrv5-mobile det"
  double max_difference = 0;
  double mean_difference = 0;
  bool within_tolerance = false;
};

struct AgreementTolerance {
  double max_difference;
  double mean_difference;
};
AgreementTolerance ToleranceFor(Precision precision);

// Runs det (at min(limit side, 320) square), rec (a full batch at its base
// width) and cls (a full batch) of every set in `manifests` on ONNX Runtime
// and on `engine` as `config` compiles it, all at once; a file that several
// sets share (same sha256) is checked once, under the first set's name.
// Errors: a model that fails to load or run, or outputs of different shapes.
Result<std::vector<OutputAgreement>> CompareWithReference(const std::vector<ModelManifest>& manifests,
                                                          EngineKind engine, const SessionConfig& config);

}  // namespace onnxocr

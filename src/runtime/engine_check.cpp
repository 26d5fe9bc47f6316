#include "runtime/engine_check.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <future>
#include <set>
#include <string>
#include <utility>

#include "runtime/all_at_once.h"
#include "runtime/model_loader.h"
#include "runtime/synthetic_input.h"

namespace onnxocr {
namespace {

using Output = std::pair<std::vector<float>, std::vector<std::int64_t>>;  // values, shape

// The first output of `model` on `input`, copied out.
Result<Output> RunCopy(const TensorModel& model, const TensorView& input) {
  Output out;
  Status ran = model.Run(input, [&](const TensorView& output) {
    out.first.assign(output.data.begin(), output.data.end());
    out.second.assign(output.shape.begin(), output.shape.end());
    return Status::Ok();
  });
  if (!ran.ok()) return ran.error();
  return out;
}

Result<OutputAgreement> CompareOne(const std::string& label, const ModelFile& file, const SyntheticInput& input,
                                   EngineKind engine, const SessionConfig& config) {
  // The reference and the candidate load and run at once, on two threads.
  const auto load_and_run = [&](EngineKind kind, const SessionConfig& session) -> Result<Output> {
    auto model = LoadEngineModel(kind, file, session);
    if (!model.ok()) return model.error();
    return RunCopy(*model.value(), input.view());
  };
  auto reference = std::async(std::launch::async, load_and_run, EngineKind::kOnnxRuntime, SessionConfig{});
  auto got = load_and_run(engine, config);
  auto expected = reference.get();
  if (!expected.ok()) return expected.error();
  if (!got.ok()) return got.error();
  if (expected->second != got->second || expected->first.empty()) {
    return MakeError(ErrorCode::kModelError, label + ": the engines' outputs have different shapes");
  }
  OutputAgreement agreement{label, 0, 0, false};
  double sum = 0;
  for (std::size_t i = 0; i < expected->first.size(); ++i) {
    const double difference = std::fabs(static_cast<double>(expected->first[i]) - got->first[i]);
    // NaN never compares below a tolerance: count it as infinitely far.
    const double counted = std::isnan(difference) ? INFINITY : difference;
    agreement.max_difference = std::max(agreement.max_difference, counted);
    sum += counted;
  }
  agreement.mean_difference = sum / static_cast<double>(expected->first.size());
  const AgreementTolerance tolerance = ToleranceFor(config.precision);
  agreement.within_tolerance = agreement.max_difference <= tolerance.max_difference &&
                               agreement.mean_difference <= tolerance.mean_difference;
  return agreement;
}

}  // namespace

AgreementTolerance ToleranceFor(Precision precision) {
  return precision == Precision::kBf16 ? AgreementTolerance{1.0, 2e-2} : AgreementTolerance{1e-3, 1e-4};
}

Result<std::vector<OutputAgreement>> CompareWithReference(const std::vector<ModelManifest>& manifests,
                                                          EngineKind engine, const SessionConfig& config) {
  struct Check {
    std::string label;
    const ModelFile* file;
    SyntheticInput input;
  };
  std::vector<Check> checks;
  std::set<std::string> checked_files;  // sha256
  const auto add = [&](const ModelManifest& manifest, const char* stage, const ModelFile& file, SyntheticInput input) {
    if (checked_files.insert(file.sha256).second) {
      checks.push_back({manifest.name + " " + stage, &file, std::move(input)});
    }
  };
  for (const ModelManifest& manifest : manifests) {
    const int side = std::min(320, DetectorWarmUpSide(manifest.det_params));
    const RecParams& rec = manifest.rec_params;
    add(manifest, "det", manifest.det, SyntheticInput(1, side, side));
    add(manifest, "rec", manifest.rec, SyntheticInput(rec.batch_size, rec.height, rec.base_width));
    if (manifest.cls && manifest.cls_params) {
      const ClsParams& cls = *manifest.cls_params;
      add(manifest, "cls", *manifest.cls, SyntheticInput(cls.batch_size, cls.height, cls.width));
    }
    if (manifest.doc_ori && manifest.doc_ori_params) {
      const int crop = manifest.doc_ori_params->crop_size;
      add(manifest, "doc_ori", *manifest.doc_ori, SyntheticInput(1, crop, crop));
    }
  }
  return AllAtOnce<OutputAgreement>(checks.size(), [&checks, engine, &config](std::size_t i) {
    return CompareOne(checks[i].label, *checks[i].file, checks[i].input, engine, config);
  });
}

}  // namespace onnxocr

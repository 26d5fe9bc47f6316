#include "runtime/compile_options.h"

#include <openvino/runtime/properties.hpp>

#include <algorithm>

namespace onnxocr {

ov::AnyMap BuildCompileOptions(const SessionConfig& config) {
  const int streams = std::max(1, config.concurrent_runs);
  ov::AnyMap options{
      ov::num_streams(streams),
      ov::hint::enable_cpu_pinning(false),
      ov::hint::inference_precision(config.precision == Precision::kBf16 ? ov::element::bf16 : ov::element::f32),
  };
  if (!config.cache_dir.empty()) options.emplace(ov::cache_dir(config.cache_dir));
  // 0 threads: let OpenVINO use every core (the ocr command's --threads 0).
  if (config.intra_op_threads > 0) options.emplace(ov::inference_num_threads(streams * config.intra_op_threads));
  return options;
}

}  // namespace onnxocr

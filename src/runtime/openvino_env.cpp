#include "runtime/openvino_env.h"

#include <openvino/core/version.hpp>

namespace onnxocr {

ov::Core& OpenVinoCore() {
  static ov::Core core;
  return core;
}

std::string OpenVinoVersion() {
  const ov::Version version = ov::get_openvino_version();
  return version.buildNumber != nullptr ? version.buildNumber : "unknown";
}

}  // namespace onnxocr

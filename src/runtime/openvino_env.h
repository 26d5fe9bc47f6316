// The process's single OpenVINO Core, an engine environment like
// OrtEnvironment(). Created on first use; ov::Core is safe to use from any
// thread. Only built with -DONNXOCR_WITH_OPENVINO=ON.
#pragma once

#include <openvino/runtime/core.hpp>

#include <string>

namespace onnxocr {

ov::Core& OpenVinoCore();

// "2026.4.1-22982-..." (the runtime library's build number).
std::string OpenVinoVersion();

}  // namespace onnxocr

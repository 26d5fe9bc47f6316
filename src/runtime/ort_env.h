// The process's single ONNX Runtime environment, the one global the project
// allows. Created on first use with file descriptor 2 silenced, because
// Debian's onnxruntime prints ~570 harmless "Schema error" lines while it
// registers operator schemas. Call OrtEnvironment() once from main() before
// starting threads; afterwards it is safe to use from any thread.
#pragma once

#include <onnxruntime_cxx_api.h>

#include <string>

namespace onnxocr {

Ort::Env& OrtEnvironment();

// The linked ONNX Runtime's version, e.g. "1.21.0".
std::string OrtVersion();

}  // namespace onnxocr

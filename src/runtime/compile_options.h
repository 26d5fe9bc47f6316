// The one place OpenVINO compile options are built.
//
// Each compiled model gets one stream per Run that may overlap
// (SessionConfig::concurrent_runs) with intra_op_threads threads each: a
// stream runs one inference at a time, so callers on different cores do not
// wait for each other, and every stream thread runs only while a caller (who
// holds a core token) waits on it, so the core budget still bounds the
// threads computing at once. OpenVINO's own pinning is off (the node pools
// pin their threads; stream threads inherit the compiling thread's node
// affinity), and the precision is always stated, because the CPU plugin
// would otherwise pick bf16 by itself on CPUs that have it.
#pragma once

#include <openvino/core/any.hpp>

#include "runtime/engine.h"

namespace onnxocr {

ov::AnyMap BuildCompileOptions(const SessionConfig& config);

}  // namespace onnxocr

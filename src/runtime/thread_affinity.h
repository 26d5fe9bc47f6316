// Pinning the calling thread to a set of CPUs. Threads it creates afterwards
// (ONNX Runtime's intra-op pools included) inherit the set.
#pragma once

#include <vector>

#include "core/status.h"

namespace onnxocr {

// Restricts the calling thread to `cpus` (OS indexes); kInternal on failure.
Status PinCurrentThread(const std::vector<int>& cpus);

// The CPUs the calling thread may run on.
std::vector<int> CurrentThreadCpus();

}  // namespace onnxocr

// Gives the C library's freed heap back to the operating system. Loading and
// compiling models, and warming them up, free tens of MiB that the allocator
// would otherwise keep mapped (measured: 60 MiB of 1.10 GiB at /ready with
// both model sets on OpenVINO). Thread-safe; a no-op where the C library
// cannot do it.
#pragma once

namespace onnxocr {

void ReleaseFreedHeap();

}  // namespace onnxocr

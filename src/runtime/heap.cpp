#include "runtime/heap.h"

#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace onnxocr {

void ReleaseFreedHeap() {
#if defined(__GLIBC__)
  (void)malloc_trim(0);
#endif
}

}  // namespace onnxocr

// How one pipeline run executes its model calls. The base class runs every
// call in order on the calling thread with its own reusable buffers; the
// runtime derives from it to lend idle cores to a run (a wider detector
// session, recognition batches on helper threads: src/runtime/node_executor.h).
// One pipeline run at a time per instance; not thread-safe. Owns its buffers.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "core/status.h"
#include "core/tensor_model.h"

namespace onnxocr {

class ModelSet;

// Float buffers one thread reuses from run to run, so steady-state requests do
// not allocate model inputs.
struct ScratchBuffers {
  std::vector<float> image;  // detector input
  std::vector<float> lines;  // one classifier or recogniser batch
};

class StageExecutor {
 public:
  StageExecutor() = default;
  virtual ~StageExecutor() = default;
  StageExecutor(const StageExecutor&) = delete;
  StageExecutor& operator=(const StageExecutor&) = delete;

  // Runs the detector of `models` on `input`.
  virtual Status RunDetector(const ModelSet& models, const TensorView& input, const TensorConsumer& consume);

  // Calls task(i, scratch) for every i in [0, count), possibly several at once
  // on other threads, each with its own scratch; returns when all have ended,
  // with the error of the lowest failing index, if any.
  using IndexedTask = std::function<Status(std::size_t index, ScratchBuffers& scratch)>;
  virtual Status ForEach(std::size_t count, const IndexedTask& task);

  // Calls task(i, executor) for every i in [0, count): whole pages of one
  // request, each a pipeline run of its own. Pages may run at once on other
  // threads, each with an executor of its own; the calling thread's is this
  // one. Returns when all have ended, with the error of the lowest failing
  // index, if any. The base class runs them in order on the calling thread.
  using PageTask = std::function<Status(std::size_t index, StageExecutor& executor)>;
  virtual Status ForEachPage(std::size_t count, const PageTask& task);

  // The set named like `models` as loaded where this executor runs: a page
  // handed to another NUMA node runs on that node's sessions (local weights,
  // sessions sized for its threads). The base class returns `models`.
  virtual const ModelSet& OnThisNode(const ModelSet& models) { return models; }

  ScratchBuffers& scratch() { return scratch_; }

 private:
  ScratchBuffers scratch_;
};

}  // namespace onnxocr

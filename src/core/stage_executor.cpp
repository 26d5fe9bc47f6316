#include "core/stage_executor.h"

#include "core/model_set.h"

namespace onnxocr {

Status StageExecutor::RunDetector(const ModelSet& models, const TensorView& input, const TensorConsumer& consume) {
  return models.det().Run(input, consume);
}

Status StageExecutor::ForEach(std::size_t count, const IndexedTask& task) {
  for (std::size_t i = 0; i < count; ++i) {
    if (Status done = task(i, scratch_); !done.ok()) return done;
  }
  return Status::Ok();
}

Status StageExecutor::ForEachPage(std::size_t count, const PageTask& task) {
  for (std::size_t i = 0; i < count; ++i) {
    if (Status done = task(i, *this); !done.ok()) return done;
  }
  return Status::Ok();
}

}  // namespace onnxocr

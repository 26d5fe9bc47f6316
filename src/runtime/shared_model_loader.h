// Loads each distinct model file (by sha256) once with one loader (an engine
// and its session config), however many model sets name it (ppocrv6-tiny
// reuses ppocrv5-mobile's classifier), and hands every caller a handle to
// that one model: it is compiled once and its weights and activations are
// held once. Thread-safe:
// sets loading at once wait for the first caller's load of a shared file.
// Handles keep their model alive; the loader may be destroyed before them.
#pragma once

#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/model_params.h"
#include "core/status.h"
#include "core/model_set.h"
#include "core/tensor_model.h"

namespace onnxocr {

class SharedModelLoader {
 public:
  explicit SharedModelLoader(TensorModelLoader load);

  // A handle to `file`'s model, loading it on first use; a failed load is
  // reported to every caller of that file.
  Result<std::unique_ptr<TensorModel>> Load(const ModelFile& file);

 private:
  using Loaded = Result<std::shared_ptr<const TensorModel>>;
  const TensorModelLoader load_;
  std::mutex mutex_;
  std::map<std::string, std::shared_future<Loaded>> loads_;  // by sha256
};

}  // namespace onnxocr

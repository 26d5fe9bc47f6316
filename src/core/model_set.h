// One loaded PP-OCR model set: manifest, character dictionary and its models
// (det, rec; cls and doc_ori when it has them). Immutable after LoadModelSet;
// share it freely across threads (TensorModel::Run is thread-safe).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/model_params.h"
#include "core/status.h"
#include "core/tensor_model.h"

namespace onnxocr {

class ModelSet {
 public:
  ModelSet(ModelManifest manifest, std::vector<std::string> characters, std::unique_ptr<TensorModel> det,
           std::unique_ptr<TensorModel> cls, std::unique_ptr<TensorModel> rec,
           std::unique_ptr<TensorModel> doc_ori = nullptr);

  const ModelManifest& manifest() const { return manifest_; }
  const std::string& name() const { return manifest_.name; }
  // CTC classes: index 0 is the blank, then the dictionary, then " " if enabled.
  const std::vector<std::string>& characters() const { return characters_; }
  const TensorModel& det() const { return *det_; }
  const TensorModel* cls() const { return cls_.get(); }  // null when the set has no classifier
  const TensorModel& rec() const { return *rec_; }
  // The page-orientation classifier; null when the set has none.
  const TensorModel* doc_ori() const { return doc_ori_.get(); }

 private:
  ModelManifest manifest_;
  std::vector<std::string> characters_;
  std::unique_ptr<TensorModel> det_;
  std::unique_ptr<TensorModel> cls_;
  std::unique_ptr<TensorModel> rec_;
  std::unique_ptr<TensorModel> doc_ori_;
};

// Creates a runtime model from a verified file (src/runtime provides one for ONNX Runtime).
using TensorModelLoader = std::function<Result<std::unique_ptr<TensorModel>>(const ModelFile& file)>;

// Verifies every file's sha256, reads the dictionary and loads the models.
Result<std::unique_ptr<ModelSet>> LoadModelSet(const ModelManifest& manifest, const TensorModelLoader& load_model);

}  // namespace onnxocr

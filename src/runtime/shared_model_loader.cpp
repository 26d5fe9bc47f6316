#include "runtime/shared_model_loader.h"

#include <exception>
#include <utility>

namespace onnxocr {
namespace {

// Runs the shared model; owns one reference to it.
class SharedTensorModel final : public TensorModel {
 public:
  explicit SharedTensorModel(std::shared_ptr<const TensorModel> model) : model_(std::move(model)) {}
  Status Run(const TensorView& input, const TensorConsumer& consume) const override {
    return model_->Run(input, consume);
  }

 private:
  std::shared_ptr<const TensorModel> model_;
};

}  // namespace

SharedModelLoader::SharedModelLoader(TensorModelLoader load) : load_(std::move(load)) {}

Result<std::unique_ptr<TensorModel>> SharedModelLoader::Load(const ModelFile& file) {
  std::promise<Loaded> promise;
  std::shared_future<Loaded> loaded;
  bool first = false;
  {
    const std::lock_guard lock(mutex_);
    auto found = loads_.find(file.sha256);
    if (found == loads_.end()) {
      found = loads_.emplace(file.sha256, promise.get_future().share()).first;
      first = true;
    }
    loaded = found->second;
  }
  if (first) {
    try {
      auto model = load_(file);
      if (model.ok()) {
        promise.set_value(std::shared_ptr<const TensorModel>(std::move(model).value()));
      } else {
        promise.set_value(model.error());
      }
    } catch (...) {  // waiters on this file get the error, not a broken promise
      promise.set_value(ErrorFromCurrentException("loading " + file.path.string(), ErrorCode::kModelError));
    }
  }
  const Loaded& model = loaded.get();
  if (!model.ok()) return model.error();
  return std::unique_ptr<TensorModel>(std::make_unique<SharedTensorModel>(model.value()));
}

}  // namespace onnxocr

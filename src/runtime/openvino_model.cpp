#include "runtime/openvino_model.h"

#include <openvino/frontend/manager.hpp>
#include <openvino/runtime/compiled_model.hpp>
#include <openvino/runtime/infer_request.hpp>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "runtime/compile_options.h"
#include "runtime/openvino_env.h"

namespace onnxocr {
namespace {

// Idle infer requests of one compiled model. Thread-safe.
class InferRequestPool {
 public:
  explicit InferRequestPool(ov::CompiledModel& model) : model_(model) {}

  ov::InferRequest Take() {
    {
      const std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        ov::InferRequest request = std::move(idle_.back());
        idle_.pop_back();
        return request;
      }
    }
    return model_.create_infer_request();
  }

  void Give(ov::InferRequest request) {
    const std::lock_guard lock(mutex_);
    idle_.push_back(std::move(request));
  }

 private:
  ov::CompiledModel& model_;
  std::mutex mutex_;
  std::vector<ov::InferRequest> idle_;
};

// An infer request borrowed for one Run; given back when the lease ends, a
// throw included.
class RequestLease {
 public:
  explicit RequestLease(InferRequestPool& pool) : pool_(pool), request_(pool.Take()) {}
  ~RequestLease() { pool_.Give(std::move(request_)); }
  RequestLease(const RequestLease&) = delete;
  RequestLease& operator=(const RequestLease&) = delete;
  ov::InferRequest& operator*() { return request_; }

 private:
  InferRequestPool& pool_;
  ov::InferRequest request_;
};

class OpenVinoModel final : public TensorModel {
 public:
  explicit OpenVinoModel(ov::CompiledModel model) : model_(std::move(model)), pool_(model_) {}

  Status Run(const TensorView& input, const TensorConsumer& consume) const override {
    try {
      RequestLease lease(pool_);
      ov::InferRequest& request = *lease;
      const ov::Shape shape(input.shape.begin(), input.shape.end());
      // OpenVINO reads the caller's buffer in place and does not write it.
      request.set_input_tensor(ov::Tensor(ov::element::f32, shape, const_cast<float*>(input.data.data())));
      request.infer();
      const ov::Tensor output = request.get_output_tensor(0);
      if (output.get_element_type() != ov::element::f32) {
        return MakeError(ErrorCode::kModelError, "model output is not float");
      }
      const ov::Shape& dims = output.get_shape();
      const std::vector<std::int64_t> output_shape(dims.begin(), dims.end());
      return consume(TensorView{std::span<const float>(output.data<const float>(), output.get_size()), output_shape});
    } catch (...) {
      return ErrorFromCurrentException("inference");
    }
  }

 private:
  ov::CompiledModel model_;
  // Infer requests change state on every run; the pool hands each to one caller at a time.
  mutable InferRequestPool pool_;
};

}  // namespace

Result<std::unique_ptr<TensorModel>> LoadOpenVinoModel(const ModelFile& file, const SessionConfig& config) {
  try {
    // The ONNX frontend alone: a file that is not ONNX is refused here, and
    // no other frontend is ever loaded (the runtime image ships none).
    ov::frontend::FrontEndManager frontends;
    const ov::frontend::FrontEnd::Ptr onnx = frontends.load_by_framework("onnx");
    const ov::frontend::InputModel::Ptr input_model = onnx->load(file.path.string());
    if (!input_model) return MakeError(ErrorCode::kModelError, file.path.string() + ": not an ONNX model");
    const std::shared_ptr<ov::Model> model = onnx->convert(input_model);
    if (model->inputs().size() != 1 || model->outputs().empty()) {
      return MakeError(ErrorCode::kModelError, file.path.string() + ": expected one input and at least one output");
    }
    const ov::Output<ov::Node>& input = model->input();
    if (input.get_element_type() != ov::element::f32 || input.get_partial_shape().rank() != ov::Dimension(4)) {
      return MakeError(ErrorCode::kModelError, file.path.string() + ": expected a 4-D float input");
    }
    ov::CompiledModel compiled = OpenVinoCore().compile_model(model, "CPU", BuildCompileOptions(config));
    return std::unique_ptr<TensorModel>(std::make_unique<OpenVinoModel>(std::move(compiled)));
  } catch (...) {
    return ErrorFromCurrentException("compiling " + file.path.string(), ErrorCode::kModelError);
  }
}

}  // namespace onnxocr

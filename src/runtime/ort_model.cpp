#include "runtime/ort_model.h"

#include <onnxruntime_cxx_api.h>

#include <exception>
#include <mutex>
#include <new>
#include <optional>
#include <utility>
#include <vector>

#include "runtime/ort_env.h"
#include "runtime/silenced_stderr.h"

namespace onnxocr {
namespace {

class OrtModel final : public TensorModel {
 public:
  OrtModel(Ort::Session session, std::string input_name, std::string output_name)
      : session_(std::move(session)), input_name_(std::move(input_name)), output_name_(std::move(output_name)) {}

  Status Run(const TensorView& input, const TensorConsumer& consume) const override {
    try {
      const Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
      // ORT takes a mutable pointer but does not write its inputs.
      Ort::Value tensor = Ort::Value::CreateTensor<float>(memory, const_cast<float*>(input.data.data()),
                                                          input.data.size(), input.shape.data(), input.shape.size());
      const char* input_names[] = {input_name_.c_str()};
      const char* output_names[] = {output_name_.c_str()};
      std::vector<Ort::Value> outputs =
          session_.Run(Ort::RunOptions{nullptr}, input_names, &tensor, 1, output_names, 1);
      const Ort::TensorTypeAndShapeInfo info = outputs.front().GetTensorTypeAndShapeInfo();
      if (info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
        return MakeError(ErrorCode::kModelError, "model output is not float");
      }
      const std::vector<std::int64_t> shape = info.GetShape();
      const float* data = outputs.front().GetTensorData<float>();
      return consume(TensorView{std::span<const float>(data, info.GetElementCount()), shape});
    } catch (...) {  // Ort::Exception, or one thrown by `consume` (OpenCV)
      return ErrorFromCurrentException("inference");
    }
  }

 private:
  // Ort::Session::Run is const-safe for concurrent callers but not marked const.
  mutable Ort::Session session_;
  std::string input_name_;
  std::string output_name_;
};

}  // namespace

Result<std::unique_ptr<TensorModel>> LoadOrtModel(const ModelFile& file, const SessionConfig& config) {
  try {
    // The first session registers ONNX schemas, which Debian's build reports on
    // stderr: only it is made with fd 2 silenced. Sessions made at the same
    // time on other threads wait for it (call_once), so no two threads ever
    // swap fd 2 at once (that would leave it pointing at /dev/null).
    static std::once_flag first_session;
    std::optional<Ort::Session> created;
    std::call_once(first_session, [&] {
      const SilencedStderr silence;
      created.emplace(OrtEnvironment(), file.path.c_str(), BuildSessionOptions(config));
    });
    if (!created) created.emplace(OrtEnvironment(), file.path.c_str(), BuildSessionOptions(config));
    Ort::Session session = std::move(*created);
    if (session.GetInputCount() != 1 || session.GetOutputCount() < 1) {
      return MakeError(ErrorCode::kModelError, file.path.string() + ": expected one input and at least one output");
    }
    Ort::AllocatorWithDefaultOptions allocator;
    std::string input_name = session.GetInputNameAllocated(0, allocator).get();
    std::string output_name = session.GetOutputNameAllocated(0, allocator).get();
    const Ort::TypeInfo input_info = session.GetInputTypeInfo(0);
    const auto input_type = input_info.GetTensorTypeAndShapeInfo();
    if (input_type.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT || input_type.GetShape().size() != 4) {
      return MakeError(ErrorCode::kModelError, file.path.string() + ": expected a 4-D float input");
    }
    return std::unique_ptr<TensorModel>(
        std::make_unique<OrtModel>(std::move(session), std::move(input_name), std::move(output_name)));
  } catch (...) {
    return ErrorFromCurrentException("loading " + file.path.string(), ErrorCode::kModelError);
  }
}

}  // namespace onnxocr

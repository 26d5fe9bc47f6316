#include "runtime/model_loader.h"

#include "runtime/ort_model.h"
#ifdef ONNXOCR_WITH_OPENVINO
#include "runtime/openvino_model.h"
#endif

namespace onnxocr {

Result<std::unique_ptr<TensorModel>> LoadEngineModel(EngineKind engine, const ModelFile& file,
                                                     const SessionConfig& config) {
  if (engine == EngineKind::kOnnxRuntime) return LoadOrtModel(file, config);
#ifdef ONNXOCR_WITH_OPENVINO
  return LoadOpenVinoModel(file, config);
#else
  return MakeError(ErrorCode::kInvalidArgument, "this binary was built without OpenVINO (-DONNXOCR_WITH_OPENVINO=OFF)");
#endif
}

}  // namespace onnxocr

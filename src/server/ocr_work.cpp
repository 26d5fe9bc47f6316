#include "server/ocr_work.h"

#include "core/pipeline.h"
#include "core/json_text.h"
#include "core/languages.h"
#include "core/request_options.h"
#include "server/ocr_response.h"
#include "server/page_map.h"

namespace onnxocr::server {

namespace {

std::string Joined(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : ", ") + item;
  return joined;
}

}  // namespace

Result<ResolvedRequest> ResolveRequest(const ModelRegistry& models, const OcrOptions& request,
                                       const WorkContext& context) {
  // A request that names only one of `model` and `lang` sets the server's
  // default of the other aside: what the client asked for decides.
  OcrOptions defaults = context.defaults;
  if (request.model && !request.lang) defaults.lang.reset();
  if (request.lang && !request.model) defaults.model.reset();
  ResolvedRequest resolved{nullptr, WithDefaults(request, defaults)};
  OcrOptions& options = resolved.options;
  if (options.model || !options.lang) {
    const std::string name = options.model.value_or("");
    resolved.models = models.Find(name);
    if (resolved.models == nullptr) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "model '" + name + "' is not loaded (loaded: " + Joined(models.names()) + ")");
    }
  }
  if (options.lang) {
    const std::string code = CanonicalLanguage(*options.lang);
    if (resolved.models == nullptr) {
      resolved.models = models.FindForLanguage(code);
      if (resolved.models == nullptr) {
        return MakeError(ErrorCode::kInvalidArgument, "lang '" + *options.lang +
                                                          "' is not read by any loaded model set (known: " +
                                                          Joined(models.languages()) + ")");
      }
    } else if (!ReadsLanguage(resolved.models->manifest(), code)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "model '" + resolved.models->name() + "' does not read lang '" + *options.lang +
                           "' (it reads: " + Joined(resolved.models->manifest().languages) +
                           "; every loaded set: " + Joined(models.languages()) + ")");
    }
  }
  // Later steps (a job's pages, on any node) find the set by name.
  options.model = resolved.models->name();
  return resolved;
}

Result<OcrResult> RecognizePage(const ModelSet& models, const cv::Mat& page, const OcrOptions& options,
                                const WorkContext& context, StageExecutor& executor) {
  auto result = RunOcr(models, page, options, executor);
  if (!result.ok()) return result.error();
  if (context.on_page_timings) context.on_page_timings(result->timings);
  return result;
}

Result<std::vector<OcrResult>> RecognizePages(const ModelSet& models, const std::vector<cv::Mat>& pages,
                                              const OcrOptions& options, const WorkContext& context) {
  return MapPages<OcrResult>(pages.size(), context, [&](std::size_t index, StageExecutor& executor) {
    return RecognizePage(models, pages[index], options, context, executor);
  });
}

Result<std::vector<OcrResult>> RecognizeImageFile(const ModelSet& models, PageSelection selection,
                                                  std::span<const std::uint8_t> bytes, const OcrOptions& options,
                                                  const WorkContext& context) {
  auto pages = DecodeImage(bytes, context.limits, selection);
  if (!pages.ok()) return pages.error();
  return RecognizePages(models, *pages, options, context);
}

std::string RenderPagesResponse(double seconds, const std::vector<OcrResult>& pages) {
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
  auto results = MapPages<OcrResult>(
      request.images.size(), context, [&](std::size_t index, StageExecutor& executor) -> Result<OcrResult> {
        auto lines = [&]() -> Result<OcrResult> {
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

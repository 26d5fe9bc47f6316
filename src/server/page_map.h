// The pages of one request as units of work. Every page runs through the
// worker's executor, which hands pages to idle cores of its node and then of
// the other nodes (StageExecutor::ForEachPage); the results come back in page order. The job's
// cancel token and deadline are checked before each page, and the first
// failure stops the pages not yet begun: one failed page fails the request.
// Called on the request's worker; `page` runs on several threads at once.
#pragma once

#include <atomic>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "core/stage_executor.h"
#include "core/status.h"
#include "server/ocr_work.h"

namespace onnxocr::server {

// page(index, executor) -> Result<PageResult>, with the executor of the thread it runs on.
template <class PageResult, class PageFunction>
Result<std::vector<PageResult>> MapPages(std::size_t count, const WorkContext& context, const PageFunction& page) {
  std::vector<std::optional<PageResult>> slots(count);
  std::atomic<bool> failed{false};
  StageExecutor in_order;
  StageExecutor& executor = context.executor != nullptr ? *context.executor : in_order;
  const Status ran = executor.ForEachPage(count, [&](std::size_t index, StageExecutor& page_executor) -> Status {
    if (failed.load()) return Status::Ok();  // an earlier page failed: the request has its error
    Status outcome = context.control.Check();
    if (outcome.ok()) {
      Result<PageResult> result = page(index, page_executor);
      if (result.ok()) {
        slots[index].emplace(std::move(result).value());
        return Status::Ok();
      }
      outcome = result.error();
    }
    failed = true;
    return outcome;
  });
  if (!ran.ok()) return ran.error();
  std::vector<PageResult> results;
  results.reserve(count);
  for (std::optional<PageResult>& slot : slots) results.push_back(std::move(*slot));
  return results;
}

}  // namespace onnxocr::server

// Runs independent loads or checks each on its own thread and gathers their
// results in order. Threads inherit the caller's CPU affinity, so memory they
// first touch stays on the caller's NUMA node. Stateless.
#pragma once

#include <cstddef>
#include <future>
#include <utility>
#include <vector>

#include "core/status.h"

namespace onnxocr {

// Calls make(i) for every i in [0, count), each on its own thread, and waits
// for all of them; returns their values in index order, or the error of the
// lowest failing index. `make` returns Result<T>.
template <typename T, typename Make>
Result<std::vector<T>> AllAtOnce(std::size_t count, Make make) {
  std::vector<std::future<Result<T>>> running;
  running.reserve(count);
  for (std::size_t i = 0; i < count; ++i) running.push_back(std::async(std::launch::async, make, i));
  std::vector<Result<T>> results;
  results.reserve(count);
  for (auto& result : running) results.push_back(result.get());
  std::vector<T> values;
  values.reserve(count);
  for (auto& result : results) {
    if (!result.ok()) return result.error();
    values.push_back(std::move(result).value());
  }
  return values;
}

}  // namespace onnxocr

// The HTTP front end (Drogon): routes, admission control and lifecycle. I/O
// threads only admit, parse headers and send; every request's work runs on
// the worker pool. One instance per process (Drogon's app is a singleton).
#pragma once

#include <atomic>
#include <memory>

#include "core/image_decode.h"
#include "runtime/model_registry.h"
#include "runtime/worker_pool.h"
#include "server/metrics.h"
#include "server/serve_options.h"

namespace onnxocr::server {

class HttpServer {
 public:
  HttpServer(ServeOptions options, const ModelRegistry& models, DecodeLimits limits);
  ~HttpServer();

  // Serves until SIGTERM/SIGINT, then drains in-flight requests (bounded by
  // the drain timeout) and returns the process exit code.
  int Run();

 private:
  struct Routes;
  ServeOptions options_;
  const ModelRegistry& models_;
  DecodeLimits limits_;
  ServerMetrics metrics_;
  std::unique_ptr<WorkerPool> pool_;
  std::atomic<bool> draining_{false};
  std::atomic<int> inflight_{0};
};

}  // namespace onnxocr::server

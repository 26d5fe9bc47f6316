// The HTTP front end (Drogon): routes, admission control and lifecycle. I/O
// threads only admit, parse headers and send; every request's work runs on
// the worker pool. One instance per process (Drogon's app is a singleton).
#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "core/image_decode.h"
#include "runtime/node_pool.h"
#include "runtime/scheduler.h"
#include "server/metrics.h"
#include "server/read_timeout.h"
#include "server/serve_options.h"

namespace onnxocr::server {

class HttpServer {
 public:
  // `load_models` loads one node's models (see Scheduler); Run calls it once
  // per node, then `models_loaded` once (if set), before it listens.
  HttpServer(ServeOptions options, NodeModelLoader load_models, DecodeLimits limits,
             std::function<void()> models_loaded = {});
  ~HttpServer();

  // Plans the workers over the CPU topology, loads the models on every node,
  // serves until SIGTERM/SIGINT, then drains in-flight requests (bounded by
  // the drain timeout) and returns the process exit code.
  int Run();

 private:
  struct Routes;
  Result<std::unique_ptr<Scheduler>> StartScheduler();
  void UpdateQueueMetrics();
  void WatchReadTimeouts();
  ServeOptions options_;
  NodeModelLoader load_models_;
  std::function<void()> models_loaded_;
  DecodeLimits limits_;
  ServerMetrics metrics_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<ReadTimeoutTable> read_timeouts_;  // null when --read-timeout is 0
  std::atomic<bool> draining_{false};
};

}  // namespace onnxocr::server

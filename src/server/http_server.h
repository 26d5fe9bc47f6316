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

// What start-up yields once its slow part is done: the engine chosen (after
// its check, if any) and the loader of each node's models.
struct ServerStartup {
  EngineChoice engine;
  NodeModelLoader load_models;           // called once per node (see Scheduler)
  std::function<void()> models_loaded;  // after every node has loaded; may be empty
};
// The slow part of start-up (engine check, compiles); runs on the loading
// thread while the listener already answers.
using StartupTask = std::function<Result<ServerStartup>()>;

// LOADING: /health 200, /ready 503 "loading", work 503. READY: serving.
// DRAINING (SIGTERM/SIGINT): /ready 503 "draining", new work 503, in-flight
// requests finish. A state only moves forward.
enum class ServerState { kLoading, kReady, kDraining };

class HttpServer {
 public:
  HttpServer(ServeOptions options, DecodeLimits limits, StartupTask startup);
  ~HttpServer();

  // Listens at once, then runs the start-up task, plans the workers over the
  // CPU topology and loads the models on every node on a loading thread;
  // serves once they are loaded, until SIGTERM/SIGINT; then drains in-flight
  // requests (bounded by the drain timeout). Ok after a drain; the error when
  // start-up failed (the server stops at once then).
  Status Run();

 private:
  struct Routes;
  Status Load();  // on the loading thread
  Result<std::unique_ptr<Scheduler>> StartScheduler(const ServerStartup& startup);
  void UpdateQueueMetrics();
  void WatchReadTimeouts();
  ServeOptions options_;
  DecodeLimits limits_;
  StartupTask startup_;
  ServerMetrics metrics_;
  std::atomic<ServerState> state_{ServerState::kLoading};
  // Written once by the loading thread before `loaded_` turns true (release);
  // read only after seeing it true (acquire).
  std::unique_ptr<Scheduler> scheduler_;
  EngineChoice engine_;
  std::atomic<bool> loaded_{false};
  std::unique_ptr<ReadTimeoutTable> read_timeouts_;  // null when --read-timeout is 0
};

}  // namespace onnxocr::server

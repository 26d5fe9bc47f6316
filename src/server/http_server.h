// The one Drogon adapter: listens, converts Drogon's requests to plain values
// for the handlers (server/handlers.h) and their answers back, and holds what
// is the transport's: multipart parsing, CORS, request ids, read timeouts,
// signals, the loading thread and drain. One instance per process (Drogon's
// app is a singleton).
#pragma once

#include <functional>
#include <memory>

#include "core/image_decode.h"
#include "runtime/node_pool.h"
#include "runtime/scheduler.h"
#include "server/handlers.h"
#include "server/lifecycle.h"
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
  Status Load();  // on the loading thread
  Result<std::unique_ptr<Scheduler>> StartScheduler(const ServerStartup& startup);
  void Configure();  // Drogon: listener, limits, advices, routes
  void WatchReadTimeouts();
  ServeOptions options_;
  DecodeLimits limits_;
  StartupTask startup_;
  ServerMetrics metrics_;
  ServerLifecycle lifecycle_;
  Handlers handlers_{options_, limits_, metrics_, lifecycle_};
  std::unique_ptr<ReadTimeoutTable> read_timeouts_;  // null when --read-timeout is 0
};

}  // namespace onnxocr::server

// The server's lifecycle: LOADING (listening; /health 200, /ready 503
// "loading", work 503), READY (serving), DRAINING (after SIGTERM/SIGINT:
// /ready 503 "draining", new work 503, in-flight work finishes). A state only
// moves forward. The loading thread publishes the scheduler and the engine
// once (MarkReady); readers see them only after seeing READY or DRAINING with
// loaded() true. Thread-safe.
#pragma once

#include <atomic>
#include <memory>

#include "runtime/engine.h"
#include "runtime/scheduler.h"
#include "server/job_service.h"

namespace onnxocr::server {

enum class ServerState { kLoading, kReady, kDraining };

class ServerLifecycle {
 public:
  ServerState state() const { return state_.load(); }
  bool loaded() const { return loaded_.load(std::memory_order_acquire); }

  // On the loading thread, once: publishes what was loaded, then turns READY
  // unless draining began meanwhile. True when it turned READY.
  bool MarkReady(std::unique_ptr<Scheduler> scheduler, EngineChoice engine, std::unique_ptr<JobService> jobs) {
    scheduler_ = std::move(scheduler);
    engine_ = std::move(engine);
    jobs_ = std::move(jobs);
    loaded_.store(true, std::memory_order_release);
    ServerState loading = ServerState::kLoading;
    return state_.compare_exchange_strong(loading, ServerState::kReady);
  }
  void Drain() { state_ = ServerState::kDraining; }

  // Valid once loaded() is true, until Stop.
  Scheduler& scheduler() const { return *scheduler_; }
  JobService& jobs() const { return *jobs_; }
  const EngineChoice& engine() const { return engine_; }

  // After serving: stops the jobs (running ones resume at the next start),
  // finishes what is still queued, then frees the models.
  void Stop() {
    jobs_.reset();
    scheduler_.reset();
  }

 private:
  std::atomic<ServerState> state_{ServerState::kLoading};
  std::atomic<bool> loaded_{false};
  std::unique_ptr<Scheduler> scheduler_;
  EngineChoice engine_;
  std::unique_ptr<JobService> jobs_;  // runs on scheduler_: declared after it, reset before it
};

}  // namespace onnxocr::server

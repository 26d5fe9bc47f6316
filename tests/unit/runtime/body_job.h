// Test jobs and pools: a job that runs a callable on its worker and reports a
// drop's error to another, so tests can watch what the pool did with it; and
// a model loader that loads nothing.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "runtime/job.h"
#include "runtime/node_pool.h"

namespace onnxocr {

class BodyJob final : public Job {
 public:
  using Body = std::function<void(WorkerContext&)>;
  using OnDrop = std::function<void(const Error&)>;
  explicit BodyJob(Body body, JobControl control = {}, OnDrop on_drop = {})
      : Job(std::move(control)), body_(std::move(body)), on_drop_(std::move(on_drop)) {}
  void Run(WorkerContext& worker) override { body_(worker); }
  void Drop(const Error& why) noexcept override {
    if (on_drop_) on_drop_(why);
  }

 private:
  Body body_;
  OnDrop on_drop_;
};

inline JobPtr MakeBodyJob(BodyJob::Body body, JobControl control = {}, BodyJob::OnDrop on_drop = {}) {
  return std::make_unique<BodyJob>(std::move(body), std::move(control), std::move(on_drop));
}

// A node's models for pool tests: an empty registry, no wide detectors.
inline NodeModelLoader EmptyModels() {
  return [](const SessionConfig&, const std::optional<SessionConfig>&) -> Result<NodeModels> {
    NodeModels models;
    models.registry = std::make_unique<ModelRegistry>(std::vector<std::unique_ptr<ModelSet>>{}, "none");
    return models;
  };
}

// NodePool::TrySubmit for a body; true when the pool took it.
inline bool SubmitBody(NodePool& pool, BodyJob::Body body) {
  JobPtr job = MakeBodyJob(std::move(body));
  return pool.TrySubmit(job);
}

}  // namespace onnxocr

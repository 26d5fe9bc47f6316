#include "runtime/session_warmup.h"

#include <algorithm>
#include <barrier>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/model_set.h"
#include "runtime/synthetic_input.h"
#include "runtime/thread_affinity.h"

namespace onnxocr {
namespace {

Status RunOnce(const TensorModel& model, const SyntheticInput& input) {
  return model.Run(input.view(), [](const TensorView&) { return Status::Ok(); });
}

// The first error any thread reports.
class FirstError {
 public:
  void Record(Status status) {
    if (status.ok()) return;
    const std::lock_guard lock(mutex_);
    if (!error_) error_.emplace(std::move(status));
  }
  Status Take() { return error_ ? std::move(*error_) : Status::Ok(); }

 private:
  std::mutex mutex_;
  std::optional<Status> error_;
};

}  // namespace

Status WarmUpSessions(const NodePlan& plan, const ModelRegistry& registry, const WideDetectors& wide_detectors) {
  std::vector<const ModelSet*> sets;
  for (const std::string& name : registry.names()) sets.push_back(registry.Find(name));
  FirstError first_error;
  // The core budget lets at most cores / threads-per-worker workers run at
  // once, and at most one run per core (lent helpers included).
  const int cores = std::max(1, plan.cores);
  const int workers = std::clamp(cores / std::max(1, plan.threads_per_worker), 1, std::max(1, plan.workers));
  const int threads = cores;  // at least `workers`: the recogniser runs on every thread
  // Every thread passes each phase together, so the runs of one session overlap.
  std::barrier phase(threads);
  std::vector<std::thread> running;
  for (int index = 0; index < threads; ++index) {
    running.emplace_back([&, index] {
      (void)PinCurrentThread(plan.cpus);  // best effort, as for the workers
      for (const ModelSet* set : sets) {
        const int side = DetectorWarmUpSide(set->manifest().det_params);
        if (index < workers) first_error.Record(RunOnce(set->det(), SyntheticInput(1, side, side)));
        phase.arrive_and_wait();
        if (index < workers && set->cls() != nullptr) {
          const ClsParams& cls = *set->manifest().cls_params;
          first_error.Record(RunOnce(*set->cls(), SyntheticInput(cls.batch_size, cls.height, cls.width)));
        }
        if (index < workers && set->doc_ori() != nullptr) {
          const int crop = set->manifest().doc_ori_params->crop_size;
          first_error.Record(RunOnce(*set->doc_ori(), SyntheticInput(1, crop, crop)));
        }
        phase.arrive_and_wait();
        const RecParams& rec = set->manifest().rec_params;
        first_error.Record(RunOnce(set->rec(), SyntheticInput(rec.batch_size, rec.height, rec.base_width)));
        phase.arrive_and_wait();
      }
    });
  }
  for (std::thread& thread : running) thread.join();
  for (const ModelSet* set : sets) {
    const auto wide = wide_detectors.find(set->name());
    if (wide == wide_detectors.end()) continue;
    const int side = DetectorWarmUpSide(set->manifest().det_params);
    first_error.Record(RunOnce(*wide->second, SyntheticInput(1, side, side)));
  }
  return first_error.Take();
}

}  // namespace onnxocr

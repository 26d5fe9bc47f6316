#include "runtime/session_warmup.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "core/model_set.h"
#include "runtime/node_pool.h"
#include "runtime/thread_affinity.h"

namespace onnxocr {
namespace {

using Shape = std::vector<std::int64_t>;

// Records the shapes it is run with, and holds each run until `overlap` runs
// are inside at once (or 5 s pass), so the test sees whether they overlapped.
class RecordingModel final : public TensorModel {
 public:
  explicit RecordingModel(int overlap, bool fail = false) : overlap_(overlap), fail_(fail) {}

  void CountRunsIn(std::atomic<int>* runs) const { runs_ = runs; }

  Status Run(const TensorView& input, const TensorConsumer& consume) const override {
    if (runs_ != nullptr) ++*runs_;
    std::unique_lock lock(mutex_);
    shapes_.emplace_back(input.shape.begin(), input.shape.end());
    ++inside_;
    max_inside_ = std::max(max_inside_, inside_);
    arrived_.notify_all();
    arrived_.wait_for(lock, std::chrono::seconds(5), [&] { return max_inside_ >= overlap_; });
    --inside_;
    lock.unlock();
    if (fail_) return MakeError(ErrorCode::kModelError, "cannot run");
    const std::vector<float> output(4, 0.0f);
    const Shape output_shape{1, 1, 2, 2};
    return consume(TensorView{output, output_shape});
  }

  std::vector<Shape> shapes() const {
    const std::lock_guard lock(mutex_);
    return shapes_;
  }
  int max_inside() const {
    const std::lock_guard lock(mutex_);
    return max_inside_;
  }

 private:
  const int overlap_;
  const bool fail_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  mutable std::vector<Shape> shapes_;
  mutable int inside_ = 0;
  mutable int max_inside_ = 0;
  mutable std::atomic<int>* runs_ = nullptr;
};

struct FakeSet {
  const RecordingModel* det;
  const RecordingModel* cls;
  const RecordingModel* rec;
  std::unique_ptr<ModelSet> set;
};

FakeSet MakeSet(int det_limit, int workers, int rec_overlap, bool rec_fails = false) {
  ModelManifest manifest;
  manifest.name = "fake";
  manifest.det_params.limit_side_len = det_limit;
  manifest.cls_params = ClsParams{};
  manifest.cls_params->batch_size = 4;
  manifest.rec_params.batch_size = 6;
  manifest.rec_params.base_width = 320;
  auto det = std::make_unique<RecordingModel>(workers);
  auto cls = std::make_unique<RecordingModel>(workers);
  auto rec = std::make_unique<RecordingModel>(rec_overlap, rec_fails);
  FakeSet fake{det.get(), cls.get(), rec.get(), nullptr};
  fake.set = std::make_unique<ModelSet>(std::move(manifest), std::vector<std::string>{"", "a"}, std::move(det),
                                        std::move(cls), std::move(rec));
  return fake;
}

// A registry holding only `fake`'s set (moved out of it).
std::unique_ptr<ModelRegistry> RegistryOf(FakeSet& fake) {
  std::vector<std::unique_ptr<ModelSet>> sets;
  sets.push_back(std::move(fake.set));
  return std::make_unique<ModelRegistry>(std::move(sets), "fake");
}

NodePlan Plan(int cores, int workers) {
  NodePlan plan;
  plan.cpus = CurrentThreadCpus();
  plan.cores = cores;
  plan.workers = workers;
  return plan;
}

TEST(SessionWarmUpTest, RunsEverySessionAtItsLargestUsualInputFromEveryThreadThatCanUseIt) {
  // 2 workers on 3 cores: 2 detector/classifier runs at once, 3 recogniser runs
  // (a lent helper runs batches too). A limit of 950 becomes a 960 x 960 input.
  FakeSet fake = MakeSet(950, /*workers=*/2, /*rec_overlap=*/3);
  const FakeSet& f = fake;
  const auto registry = RegistryOf(fake);
  WideDetectors wide;
  auto wide_detector = std::make_unique<RecordingModel>(1);
  const RecordingModel& wide_ref = *wide_detector;
  wide.emplace("fake", std::move(wide_detector));

  ASSERT_TRUE(WarmUpSessions(Plan(3, 2), *registry, wide).ok());

  const Shape det{1, 3, 960, 960};
  EXPECT_EQ(f.det->shapes(), (std::vector<Shape>{det, det}));
  EXPECT_EQ(f.det->max_inside(), 2);
  const Shape cls{4, 3, 48, 192};
  EXPECT_EQ(f.cls->shapes(), (std::vector<Shape>{cls, cls}));
  EXPECT_EQ(f.cls->max_inside(), 2);
  const Shape rec{6, 3, 48, 320};
  EXPECT_EQ(f.rec->shapes(), (std::vector<Shape>{rec, rec, rec}));
  EXPECT_EQ(f.rec->max_inside(), 3);
  EXPECT_EQ(wide_ref.shapes(), (std::vector<Shape>{det}));
}

TEST(SessionWarmUpTest, RunsNoMoreAtOnceThanTheCoreBudgetLetsRun) {
  // 8 workers on 2 cores: the budget lets 2 run at once, so each session runs
  // twice (more runs would only repeat what two overlapping runs did).
  FakeSet fake = MakeSet(320, /*workers=*/2, /*rec_overlap=*/2);
  const FakeSet& f = fake;
  const auto registry = RegistryOf(fake);
  ASSERT_TRUE(WarmUpSessions(Plan(2, 8), *registry, {}).ok());
  EXPECT_EQ(f.det->shapes().size(), 2u);
  EXPECT_EQ(f.det->max_inside(), 2);
  EXPECT_EQ(f.cls->shapes().size(), 2u);
  EXPECT_EQ(f.rec->shapes().size(), 2u);
  EXPECT_EQ(f.rec->max_inside(), 2);

  // 2 threads per worker on 4 cores: 2 workers at once, 4 recogniser runs.
  FakeSet wide = MakeSet(320, /*workers=*/2, /*rec_overlap=*/4);
  const FakeSet& w = wide;
  const auto wide_registry = RegistryOf(wide);
  NodePlan plan = Plan(4, 3);
  plan.threads_per_worker = 2;
  ASSERT_TRUE(WarmUpSessions(plan, *wide_registry, {}).ok());
  EXPECT_EQ(w.det->shapes().size(), 2u);
  EXPECT_EQ(w.rec->shapes().size(), 4u);
  EXPECT_EQ(w.rec->max_inside(), 4);
}

TEST(SessionWarmUpTest, AModelThatCannotRunFailsTheNodesStartUnlessWarmUpIsOff) {
  for (const bool warm_up : {true, false}) {
    SCOPED_TRACE(warm_up);
    // The models die with the failed pool, so the test counts runs outside them.
    std::atomic<int> rec_runs{0};
    const NodeModelLoader load = [&](const SessionConfig&, const std::optional<SessionConfig>&) -> Result<NodeModels> {
      FakeSet fake = MakeSet(64, 1, 1, /*rec_fails=*/true);
      fake.rec->CountRunsIn(&rec_runs);
      NodeModels models;
      models.registry = RegistryOf(fake);
      return models;
    };
    auto pool = NodePool::Start(Plan(1, 1), {.adaptive = false, .warm_up = warm_up}, load);
    if (warm_up) {
      ASSERT_FALSE(pool.ok());
      EXPECT_EQ(pool.error().code, ErrorCode::kModelError);
      EXPECT_EQ(pool.error().message, "node 0 warm-up: cannot run");
      EXPECT_EQ(rec_runs.load(), 1);
    } else {
      EXPECT_TRUE(pool.ok());
      EXPECT_EQ(rec_runs.load(), 0);
    }
  }
}

}  // namespace
}  // namespace onnxocr

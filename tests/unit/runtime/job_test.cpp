#include "runtime/job.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "body_job.h"
#include "runtime/node_pool.h"
#include "runtime/scheduler.h"
#include "runtime/thread_affinity.h"

namespace onnxocr {
namespace {

using namespace std::chrono_literals;

NodePlan OneWorker() {
  return NodePlan{.numa_node = 0, .cpus = {CurrentThreadCpus().front()}, .cores = 1, .workers = 1};
}

// Answers as "ok:<value>" or "error:<code name>: <message>".
using TextJob = AnsweringJob<std::string>;
std::string ErrorText(const Error& error) {
  return "error:" + std::string(ErrorCodeName(error.code)) + ": " + error.message;
}

TEST(CancelTokenTest, CopiesShareOneFlag) {
  const CancelToken token;
  const CancelToken copy = token;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_FALSE(copy.cancelled());
  token.Cancel();
  EXPECT_TRUE(copy.cancelled());
}

TEST(CancelTokenTest, AProbeThatSaysCancelledSticks) {
  std::atomic<int> asked{0};
  std::atomic<bool> gone{false};
  const CancelToken token([&] {
    ++asked;
    return gone.load();
  });
  EXPECT_FALSE(token.cancelled());
  gone = true;
  EXPECT_TRUE(token.cancelled());
  gone = false;
  EXPECT_TRUE(token.cancelled());  // once gone, always gone, and the probe is not asked again
  EXPECT_EQ(asked.load(), 2);
}

TEST(JobControlTest, CancelledWinsOverExpired) {
  JobControl control{.deadline = std::chrono::steady_clock::now() - 1s, .cancel = {}};
  EXPECT_EQ(control.Check().error().code, ErrorCode::kDeadlineExceeded);
  control.cancel.Cancel();
  EXPECT_EQ(control.Check().error().code, ErrorCode::kCancelled);
  EXPECT_TRUE(JobControl{}.Check().ok());
}

TEST(AnsweringJobTest, AnswersOnceAndMarksTheWorkerDoneFirst) {
  std::vector<std::string> events;
  TextJob job(
      {}, [&](WorkerContext&, const JobControl&) -> Result<std::string> { return std::string("ok:7"); }, ErrorText,
      [&](std::string answer) { events.push_back(answer); });
  StageExecutor in_order;
  const ModelRegistry none(std::vector<std::unique_ptr<ModelSet>>{}, "none");
  WorkerContext worker{none, in_order, 0, [&] { events.emplace_back("done"); }};
  job.Run(worker);
  job.Drop(MakeError(ErrorCode::kInternal, "too late"));  // already answered: no second answer
  EXPECT_EQ(events, (std::vector<std::string>{"done", "ok:7"}));
}

TEST(AnsweringJobTest, AWorkErrorAndAnUnansweredEndBothBecomeAnswers) {
  std::vector<std::string> answers;
  {
    TextJob failing(
        {},
        [](WorkerContext&, const JobControl&) -> Result<std::string> {
          return MakeError(ErrorCode::kCorruptInput, "truncated");
        },
        ErrorText, [&](std::string answer) { answers.push_back(answer); });
    StageExecutor in_order;
    const ModelRegistry none(std::vector<std::unique_ptr<ModelSet>>{}, "none");
    WorkerContext worker{none, in_order, 0, {}};
    failing.Run(worker);
    TextJob never_run(
        {}, [](WorkerContext&, const JobControl&) -> Result<std::string> { return std::string("ok"); }, ErrorText,
        [&](std::string answer) { answers.push_back(answer); });
  }
  EXPECT_EQ(answers, (std::vector<std::string>{"error:corrupt_input: truncated",
                                               "error:internal: the job ended without an answer"}));
}

// A pool with its one worker held until `release`; jobs submitted meanwhile queue.
struct HeldPool {
  std::unique_ptr<NodePool> pool;
  std::promise<void> release;
  explicit HeldPool(std::size_t queue) {
    auto started = NodePool::Start(OneWorker(), {.adaptive = false, .queue_capacity = queue}, EmptyModels());
    EXPECT_TRUE(started.ok());
    pool = std::move(started).value();
    std::promise<void> busy;
    std::shared_future<void> released = release.get_future().share();
    EXPECT_TRUE(SubmitBody(*pool, [&busy, released](WorkerContext&) {
      busy.set_value();
      released.wait();
    }));
    busy.get_future().wait();
  }
};

TEST(NodePoolJobTest, ACancelledJobIsDroppedAtDequeueWithoutRunning) {
  HeldPool held(2);
  std::atomic<bool> ran{false};
  std::promise<Error> dropped;
  JobControl control;
  JobPtr job = MakeBodyJob([&](WorkerContext&) { ran = true; }, control,
                           [&](const Error& why) { dropped.set_value(why); });
  ASSERT_TRUE(held.pool->TrySubmit(job));
  control.cancel.Cancel();  // the client goes while its job waits
  held.release.set_value();
  const Error why = dropped.get_future().get();
  EXPECT_EQ(why.code, ErrorCode::kCancelled);
  held.pool.reset();
  EXPECT_FALSE(ran.load());
}

TEST(NodePoolJobTest, AJobPastItsDeadlineIsDroppedAtDequeue) {
  HeldPool held(2);
  std::atomic<bool> ran{false};
  std::promise<Error> dropped;
  // Its deadline passes while it waits (it is past before the worker is free).
  JobPtr job = MakeBodyJob([&](WorkerContext&) { ran = true; },
                           JobControl{.deadline = std::chrono::steady_clock::now() - 1ms, .cancel = {}},
                           [&](const Error& why) { dropped.set_value(why); });
  ASSERT_TRUE(held.pool->TrySubmit(job));
  held.release.set_value();
  EXPECT_EQ(dropped.get_future().get().code, ErrorCode::kDeadlineExceeded);
  held.pool.reset();
  EXPECT_FALSE(ran.load());
}

TEST(NodePoolJobTest, AThrowingJobIsAnsweredWithTheErrorAndTheWorkerGoesOn) {
  auto pool = NodePool::Start(OneWorker(), {.adaptive = false, .queue_capacity = 2}, EmptyModels());
  ASSERT_TRUE(pool.ok());
  std::promise<std::string> answered;
  JobPtr job = std::make_unique<TextJob>(
      JobControl{},
      [](WorkerContext&, const JobControl&) -> Result<std::string> { throw std::runtime_error("cv::Exception"); },
      ErrorText, [&](std::string answer) { answered.set_value(answer); });
  ASSERT_TRUE(pool.value()->TrySubmit(job));
  EXPECT_EQ(answered.get_future().get(), "error:internal: the job failed: cv::Exception");
  std::promise<void> next;
  ASSERT_TRUE(SubmitBody(*pool.value(), [&](WorkerContext&) { next.set_value(); }));
  EXPECT_EQ(next.get_future().wait_for(10s), std::future_status::ready);
  pool.value().reset();
}

TEST(SchedulerJobTest, SubmitRefusesWithUnavailableAndAnswersTheRefusedJobOnce) {
  ExecutionPlan plan;
  plan.adaptive = false;
  plan.nodes = {OneWorker()};
  auto scheduler = Scheduler::Start(plan, 1, EmptyModels());
  ASSERT_TRUE(scheduler.ok());
  std::promise<void> release, busy;
  std::shared_future<void> released = release.get_future().share();
  ASSERT_TRUE(scheduler.value()
                  ->Submit(MakeBodyJob([&busy, released](WorkerContext&) {
                    busy.set_value();
                    released.wait();
                  }))
                  .ok());
  busy.get_future().wait();
  ASSERT_TRUE(scheduler.value()->Submit(MakeBodyJob([](WorkerContext&) {})).ok());  // the one queue place
  std::vector<std::string> answers;
  auto refused = std::make_unique<TextJob>(
      JobControl{}, [](WorkerContext&, const JobControl&) -> Result<std::string> { return std::string("ok"); },
      ErrorText, [&](std::string answer) { answers.push_back(answer); });
  const Status status = scheduler.value()->Submit(std::move(refused));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers.front(), ErrorText(status.error()));
  release.set_value();
  scheduler.value().reset();
  EXPECT_EQ(answers.size(), 1u);
}

}  // namespace
}  // namespace onnxocr

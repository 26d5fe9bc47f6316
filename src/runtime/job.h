// The unit of admitted work: a job carries its control (deadline and cancel
// token), runs on one worker of a node pool, and answers its client exactly
// once. The pool that accepts a job calls exactly one of Run or Drop on it,
// once, from a worker thread; a job refused at submission is dropped by the
// scheduler (Scheduler::Submit). Jobs are owned by whoever holds the JobPtr.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <utility>

#include "core/stage_executor.h"
#include "core/status.h"
#include "runtime/completion.h"
#include "runtime/model_registry.h"

namespace onnxocr {

// What a job gets on the worker that runs it.
struct WorkerContext {
  const ModelRegistry& models;
  StageExecutor& executor;
  int numa_node = 0;
  // Called once the job's result is ready, before it answers: from then on
  // the worker counts as idle for admission (see NodePool::TrySubmit).
  std::function<void()> done;
  int cores = 1;  // how many pages of one request can run at once (every node's core budget that lends)
  void MarkDone() const {
    if (done) done();
  }
};

using Deadline = std::chrono::steady_clock::time_point;

// A cancellation flag shared by copies: whoever holds one may cancel the job,
// and the job sees it. An optional probe is asked as well (e.g. "is the
// client's connection still open?"); once it says cancelled, that sticks.
// Thread-safe.
class CancelToken {
 public:
  using Probe = std::function<bool()>;  // true: cancelled; called from worker threads
  CancelToken() : state_(std::make_shared<State>()) {}
  explicit CancelToken(Probe probe) : CancelToken() { state_->probe = std::move(probe); }

  void Cancel() const { state_->cancelled = true; }
  bool cancelled() const;

 private:
  struct State {
    std::atomic<bool> cancelled{false};
    Probe probe;  // set before the token is shared, never after
  };
  std::shared_ptr<State> state_;
};

struct JobControl {
  Deadline deadline = Deadline::max();
  CancelToken cancel;
  // Ok while the job should go on; kCancelled once cancelled (checked first:
  // nobody reads the answer), kDeadlineExceeded once the deadline has passed.
  Status Check() const;
};

class Job {
 public:
  explicit Job(JobControl control) : control_(std::move(control)) {}
  virtual ~Job() = default;
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;

  const JobControl& control() const { return control_; }
  // Does the work and answers. May throw: the pool then calls Drop with the
  // exception as an Error (an answer already given stands).
  virtual void Run(WorkerContext& worker) = 0;
  // Answers with `why` unless already answered. Must not throw.
  virtual void Drop(const Error& why) noexcept = 0;

 private:
  JobControl control_;
};
using JobPtr = std::unique_ptr<Job>;

// A job whose work yields Result<Answer>; errors (its own, a drop, a throw)
// become answers through `answer_error`, the one place they do. Answers go to
// `deliver` exactly once, through a Completion: a job destroyed unanswered
// answers kInternal. The worker is marked done (WorkerContext::MarkDone)
// before the answer is delivered.
template <class Answer>
class AnsweringJob final : public Job {
 public:
  using Work = std::function<Result<Answer>(WorkerContext& worker, const JobControl& control)>;
  using AnswerError = std::function<Answer(const Error& error)>;

  AnsweringJob(JobControl control, Work work, AnswerError answer_error, std::function<void(Answer)> deliver)
      : Job(std::move(control)),
        work_(std::move(work)),
        answer_error_(std::move(answer_error)),
        completion_(std::move(deliver), [error = answer_error_] {
          return error(MakeError(ErrorCode::kInternal, "the job ended without an answer"));
        }) {}

  void Run(WorkerContext& worker) override {
    Result<Answer> result = work_(worker, control());
    Answer answer = result.ok() ? std::move(result).value() : answer_error_(result.error());
    worker.MarkDone();  // a client that sends its next request at once finds this worker's place free
    completion_.Complete(std::move(answer));
  }
  void Drop(const Error& why) noexcept override {
    try {
      completion_.Complete(answer_error_(why));
    } catch (...) {  // the Completion's fallback answers when the job is destroyed
    }
  }

 private:
  Work work_;
  AnswerError answer_error_;
  Completion<Answer> completion_;
};

}  // namespace onnxocr

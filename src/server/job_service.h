// Asynchronous document jobs behind /jobs. A job is accepted on a worker
// (the form checked as /marker/upload checks it, the document opened to count
// its pages, the limits checked) and written to the job store
// (runtime/job_store.h) before its client hears 202. A dispatcher thread
// starts queued jobs oldest first, at most JobOptions::concurrent at a time.
// A running job goes to the scheduler one slice at a time: a slice is as many
// pages as the server's nodes have cores together, run on one worker that
// spreads them over the idle cores of every node (page_map.h). Each finished page is kept in the store, and the
// next slice queues behind the requests that arrived meanwhile, so a long job
// never holds a worker for more than one slice (fairness), and a job
// interrupted by a restart (SIGTERM or kill -9) resumes from the pages it had.
// A page that fails is reported per page; the job fails only when its
// document cannot be opened or every page failed. Finished jobs are deleted
// job_ttl after they ended. Thread-safe; owned by the server's lifecycle,
// stopped before the scheduler.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/image_decode.h"
#include "core/status.h"
#include "runtime/job.h"
#include "runtime/job_store.h"
#include "runtime/scheduler.h"
#include "server/http_exchange.h"
#include "server/metrics.h"
#include "server/ocr_work.h"
#include "server/serve_options.h"

namespace onnxocr::server {

// A done job's answer: marker's JSON, or a searchable PDF (output_format=pdf).
struct JobResult {
  std::string body;
  std::string content_type;
};

class JobService {
 public:
  // Opens the store (options.jobs.directory, or a private folder) and queues
  // again every job it finds unfinished. `dispatching` says whether queued
  // jobs may start now (false while draining: they wait for the next start).
  static Result<std::unique_ptr<JobService>> Start(const ServeOptions& options, DecodeLimits limits,
                                                   ServerMetrics& metrics, Scheduler& scheduler,
                                                   std::function<bool()> dispatching);
  ~JobService();
  JobService(const JobService&) = delete;
  JobService& operator=(const JobService&) = delete;

  // Stops dispatching and cancels the running jobs, which stay "running" in
  // the store (the next start resumes them), then waits for them to end.
  void Stop();

  // POST /jobs, on a worker: the new job (queued). Errors: the form's, the
  // document's (kLimitExceeded past --max-job-pages), kUnavailable past
  // --max-jobs or the disk budget.
  Result<JobRecord> Submit(const FormData& form, const ModelRegistry& models, const WorkContext& context);
  std::optional<JobRecord> Find(const std::string& id) const;
  // A done job's answer; a failed job's error; kConflict while queued or
  // running; kNotFound for an unknown id.
  Result<JobResult> ResultOf(const std::string& id) const;
  // Cancels the job if it runs and deletes it with its files; false when unknown.
  bool Delete(const std::string& id);
  // Sets the job gauges (by status, queue age).
  void UpdateMetrics() const;

 private:
  struct RunningJob;
  class JobSlice;
  JobService(const ServeOptions& options, DecodeLimits limits, ServerMetrics& metrics, Scheduler& scheduler,
             std::function<bool()> dispatching, std::unique_ptr<JobStore> store, bool private_directory);
  void DispatchLoop();
  void SweepExpired();
  // A slice ran on `worker` / was dropped unrun with `why`.
  void RunSlice(const std::shared_ptr<RunningJob>& job, WorkerContext& worker);
  void SliceDropped(const std::shared_ptr<RunningJob>& job, const Error& why);
  // Opens the job on its first slice, then makes its next pages: true once finished.
  Result<bool> StepJob(RunningJob& job, WorkerContext& worker);
  Status OpenJob(RunningJob& job, WorkerContext& worker);
  std::string NewJobId() const;

  const ServeOptions& options_;
  const DecodeLimits limits_;
  ServerMetrics& metrics_;
  Scheduler& scheduler_;
  const std::function<bool()> dispatching_;
  const std::unique_ptr<JobStore> store_;
  const bool private_directory_;
  const std::string replica_;

  std::mutex submit_mutex_;  // limit checks and creation, one submission at a time
  mutable std::mutex mutex_;
  std::condition_variable wake_;   // the dispatcher: a job queued or ended, or stopping
  std::condition_variable ended_;  // Stop: a running job ended
  std::deque<std::string> queue_;  // queued job ids, oldest first
  std::map<std::string, std::shared_ptr<RunningJob>> running_;
  bool stopping_ = false;
  std::thread dispatcher_;
};

// GET /jobs/{id}: {"job_id", "status", "pages_done", "pages_total", "created", "updated", "error"?, "error_code"?}.
std::string RenderJobStatus(const JobRecord& record);
// POST /jobs's 202: {"job_id", "status": "queued", "status_url", "result_url"}.
std::string RenderJobAccepted(const JobRecord& record);
// True for text that can be a job id (what NewJobId makes: letters, digits, '-', '_', '.').
bool IsJobIdText(std::string_view text);

}  // namespace onnxocr::server

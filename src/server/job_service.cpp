#include "server/job_service.h"

#include <openssl/rand.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <utility>

#include "core/document/page_json.h"
#include "core/json_text.h"
#include "server/document_work.h"
#include "server/page_map.h"
#include "server/pdf_work.h"
#include "server/upload_work.h"

namespace onnxocr::server {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The replica tag every job id starts with: letters, digits and '-' only, so
// that a proxy can route /jobs/<tag>-... to its owner.
std::string ReplicaTag(const std::string& configured) {
  std::string name = configured;
  if (name.empty()) {
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) == 0) name = host.data();
  }
  std::string tag;
  for (const char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    tag += plain ? c : '-';
    if (tag.size() == 63) break;
  }
  return tag.empty() ? "local" : tag;
}

// A form's fields as a JSON object of strings, and back.
std::string FieldsJson(const std::map<std::string, std::string>& fields) {
  std::string out = "{";
  for (const auto& [name, value] : fields) {
    if (out.size() > 1) out += ", ";
    AppendJsonString(out, name);
    out += ": ";
    AppendJsonString(out, value);
  }
  return out + "}";
}

Result<std::map<std::string, std::string>> ParseFieldsJson(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(json).get(object) != simdjson::SUCCESS) {
    return MakeError(ErrorCode::kInternal, "the job's stored fields are not a JSON object");
  }
  std::map<std::string, std::string> fields;
  for (const auto field : object) {
    std::string_view value;
    if (field.value.get(value) != simdjson::SUCCESS) {
      return MakeError(ErrorCode::kInternal, "the job's stored fields are not all strings");
    }
    fields.emplace(std::string(field.key), std::string(value));
  }
  return fields;
}

// A finished page of a job: the page, or why it failed.
struct PageOutcome {
  std::optional<DocumentPage> page;
  Error error{ErrorCode::kInternal, ""};
  int page_id = 0;
};

std::string PageErrorJson(int page_id, const Error& error) {
  std::string out = "{\"page_id\": " + std::to_string(page_id) + ", \"error\": ";
  AppendJsonString(out, error.message);
  out += ", \"code\": ";
  AppendJsonString(out, ErrorCodeName(error.code));
  return out + "}";
}

// nullopt for a page file that cannot be read back (it is made again).
std::optional<PageOutcome> ParsePageOutcome(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json).get(root) != simdjson::SUCCESS) return std::nullopt;
  std::string_view message, code;
  int64_t page_id = 0;
  if (root["error"].get(message) == simdjson::SUCCESS && root["code"].get(code) == simdjson::SUCCESS &&
      root["page_id"].get(page_id) == simdjson::SUCCESS) {
    return PageOutcome{std::nullopt, MakeError(ErrorCodeFromName(code), std::string(message)),
                       static_cast<int>(page_id)};
  }
  auto page = DocumentPageFromJson(json);
  if (!page.ok()) return std::nullopt;
  const int id = page->page_id;
  return PageOutcome{std::move(page).value(), {ErrorCode::kInternal, ""}, id};
}

// A job's upload: a PDF stays on disk for poppler, anything else is read.
struct JobInput {
  std::vector<std::uint8_t> bytes;
  DocumentFile file;
};

Result<JobInput> ReadJobInput(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kInternal, "the job's upload is missing from the job store");
  JobInput input;
  input.bytes.resize(1024);
  in.read(reinterpret_cast<char*>(input.bytes.data()), static_cast<std::streamsize>(input.bytes.size()));
  input.bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (SniffImageFormat(input.bytes) == ImageFormat::kPdf) {
    input.file = DocumentFile{input.bytes, path};
    return input;
  }
  input.bytes.insert(input.bytes.end(), std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return MakeError(ErrorCode::kInternal, "the job's upload cannot be read");
  input.file = DocumentFile{input.bytes, {}};
  return input;
}

std::string IsoTime(double unix_seconds) {
  const auto whole = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char text[80];
  const int millis = std::clamp(static_cast<int>((unix_seconds - static_cast<double>(whole)) * 1000), 0, 999);
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return text;
}

Result<std::string> MakePrivateDirectory(const std::string& parent) {
  std::string pattern = (fs::path(parent) / "onnxocr-jobs-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return MakeError(ErrorCode::kInternal, "cannot create a jobs folder under " + parent);
  }
  return pattern;
}

}  // namespace

// A job between its slices: what its first slice opened, and its progress.
// Touched by one slice at a time; `in_scheduler` and `retry_at` under the
// service's mutex.
struct JobService::RunningJob {
  explicit RunningJob(std::string id_) : id(std::move(id_)) {}
  const std::string id;
  CancelToken cancel;
  bool in_scheduler = false;      // a slice is queued or running
  Clock::time_point retry_at{};   // after a refusal (every node queue full)

  // Opened by the first slice.
  std::optional<MarkerFields> fields;
  OcrOptions options;  // the request's, over the server's defaults
  JobInput input;
  WorkContext context;  // limits and control; the document's pages refer to it
  std::optional<DocumentPages> pages;
  std::vector<std::optional<PageOutcome>> outcomes;  // per selected page
  std::vector<std::size_t> todo;                     // pages to make, in order
  std::size_t next = 0;                              // into todo
};

// One slice of a job on a worker. Answers nobody: its outcome goes to the store.
class JobService::JobSlice final : public Job {
 public:
  JobSlice(JobService& service, std::shared_ptr<RunningJob> job)
      : Job(JobControl{Deadline::max(), job->cancel}), service_(service), job_(std::move(job)) {}
  ~JobSlice() override {
    if (!ended_) service_.SliceDropped(job_, MakeError(ErrorCode::kInternal, "a job slice ended unrun"));
  }

  void Run(WorkerContext& worker) override {
    ended_ = true;
    service_.RunSlice(job_, worker);
  }
  void Drop(const Error& why) noexcept override {
    if (ended_) return;
    ended_ = true;
    service_.SliceDropped(job_, why);
  }

 private:
  JobService& service_;
  const std::shared_ptr<RunningJob> job_;
  bool ended_ = false;
};

Result<std::unique_ptr<JobService>> JobService::Start(const ServeOptions& options, DecodeLimits limits,
                                                      ServerMetrics& metrics, Scheduler& scheduler,
                                                      std::function<bool()> dispatching) {
  std::string directory = options.jobs.directory;
  const bool private_directory = directory.empty();
  if (private_directory) {
    auto made = MakePrivateDirectory(options.upload_dir);
    if (!made.ok()) return made.error();
    directory = std::move(made).value();
  }
  auto store = JobStore::Open(directory);
  if (!store.ok()) {
    std::error_code ignored;
    if (private_directory) fs::remove_all(directory, ignored);
    return store.error();
  }
  std::unique_ptr<JobService> service(new JobService(options, limits, metrics, scheduler, std::move(dispatching),
                                                     std::move(store).value(), private_directory));
  // Jobs a previous run accepted and did not finish: queued again, oldest first.
  int resumed = 0;
  for (const JobRecord& record : service->store_->Unfinished()) {
    if (!service->store_->Requeue(record.id).ok()) continue;
    service->queue_.push_back(record.id);
    ++resumed;
  }
  spdlog::info("jobs: {} ({}); replica tag {}; {} unfinished job(s) queued again", directory,
               private_directory ? "private, removed at exit: set --jobs-dir to keep jobs across restarts"
                                 : "kept across restarts",
               service->replica_, resumed);
  service->dispatcher_ = std::thread([raw = service.get()] { raw->DispatchLoop(); });
  return service;
}

JobService::JobService(const ServeOptions& options, DecodeLimits limits, ServerMetrics& metrics,
                       Scheduler& scheduler, std::function<bool()> dispatching, std::unique_ptr<JobStore> store,
                       bool private_directory)
    : options_(options),
      limits_(limits),
      metrics_(metrics),
      scheduler_(scheduler),
      dispatching_(std::move(dispatching)),
      store_(std::move(store)),
      private_directory_(private_directory),
      replica_(ReplicaTag(options.jobs.replica_id)) {}

JobService::~JobService() {
  Stop();
  if (private_directory_) {
    std::error_code ignored;
    fs::remove_all(store_->directory(), ignored);
  }
}

void JobService::Stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    for (const auto& [id, job] : running_) job->cancel.Cancel();
  }
  wake_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
  std::unique_lock lock(mutex_);
  // Jobs between slices stop now; a slice in the scheduler ends (run or
  // dropped) and takes its job off the list. Their rows stay "running".
  std::erase_if(running_, [](const auto& entry) { return !entry.second->in_scheduler; });
  ended_.wait(lock, [this] { return running_.empty(); });
}

std::string JobService::NewJobId() const {
  std::array<unsigned char, 16> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    std::random_device device;
    for (unsigned char& byte : random) byte = static_cast<unsigned char>(device());
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = replica_ + "-";
  for (const unsigned char byte : random) {
    id += kHex[byte >> 4];
    id += kHex[byte & 15];
  }
  return id;
}

Result<JobRecord> JobService::Submit(const FormData& form, const ModelRegistry& models, const WorkContext& context) {
  auto upload = ReadMarkerUpload(form, models, context);
  if (!upload.ok()) return upload.error();
  const std::span<const std::uint8_t> file = upload->file;
  const JobOptions& limits = options_.jobs;
  if (file.size() > limits.max_disk_bytes) {
    return MakeError(ErrorCode::kLimitExceeded, "the upload is " + std::to_string(file.size()) +
                                                    " bytes, over the jobs' disk budget of " +
                                                    std::to_string(limits.max_disk_bytes) + " (--jobs-disk-bytes)");
  }
  // Open the document now: a bad file or too many pages is the client's
  // error at once, not a failed job later (the text layer is not needed to count).
  DocumentRequest counting = upload->fields.document;
  counting.force_ocr = true;
  auto pages =
      OpenDocument(DocumentFile{file, {}}, counting, upload->resolved.options, options_, context, limits.max_pages);
  if (!pages.ok()) return pages.error();

  const std::lock_guard submitting(submit_mutex_);
  const auto counts = store_->CountByStatus();
  const int active = counts.at(JobStatus::kQueued) + counts.at(JobStatus::kRunning);
  if (active >= limits.max_jobs) {
    return MakeError(ErrorCode::kUnavailable, std::to_string(active) + " jobs are queued or running, the limit is " +
                                                  std::to_string(limits.max_jobs) + " (--max-jobs); retry later");
  }
  if (const std::uint64_t used = store_->BytesOnDisk(); used + file.size() > limits.max_disk_bytes) {
    return MakeError(ErrorCode::kUnavailable,
                     "the jobs' disk budget is full: " + std::to_string(used) + " of " +
                         std::to_string(limits.max_disk_bytes) + " bytes used (--jobs-disk-bytes), the upload is " +
                         std::to_string(file.size()) + "; retry once finished jobs are deleted or expire");
  }
  JobRecord record;
  record.id = NewJobId();
  record.created = record.updated = UnixNow();
  record.pages_total = static_cast<int>(pages->count());
  record.request = FieldsJson(form.fields);
  if (Status created =
          store_->Create(record, std::string_view(reinterpret_cast<const char*>(file.data()), file.size()));
      !created.ok()) {
    return created.error();
  }
  record.bytes = file.size();
  {
    const std::lock_guard lock(mutex_);
    queue_.push_back(record.id);
  }
  wake_.notify_all();
  return record;
}

std::optional<JobRecord> JobService::Find(const std::string& id) const {
  return store_->Find(id);
}

Result<JobResult> JobService::ResultOf(const std::string& id) const {
  const auto record = store_->Find(id);
  if (!record) return MakeError(ErrorCode::kNotFound, "no job " + id);
  if (record->status == JobStatus::kDone) {
    auto body = store_->ReadResult(id);
    if (!body.ok()) return body.error();
    JobResult result{std::move(body).value(), "application/json"};
    if (auto fields = ParseFieldsJson(record->request); fields.ok()) {
      if (const auto format = fields->find("output_format"); format != fields->end() && format->second == "pdf") {
        result.content_type = "application/pdf";
      }
    }
    return result;
  }
  if (record->status == JobStatus::kFailed) return MakeError(ErrorCodeFromName(record->error_code), record->error);
  return MakeError(ErrorCode::kConflict, "job " + id + " is " + std::string(JobStatusName(record->status)) + " (" +
                                             std::to_string(record->pages_done) + " of " +
                                             std::to_string(record->pages_total) +
                                             " pages done); poll /jobs/" + id + " until its status is done");
}

bool JobService::Delete(const std::string& id) {
  {
    const std::lock_guard lock(mutex_);
    if (const auto running = running_.find(id); running != running_.end()) {
      running->second->cancel.Cancel();
      // Between slices it stops now; a slice in the scheduler ends on the cancel.
      if (!running->second->in_scheduler) running_.erase(running);
    }
    std::erase(queue_, id);
  }
  return store_->Remove(id);
}

void JobService::UpdateMetrics() const {
  for (const auto& [status, count] : store_->CountByStatus()) metrics_.SetJobCount(JobStatusName(status), count);
  double oldest = 0;
  for (const JobRecord& record : store_->Unfinished()) {
    if (record.status != JobStatus::kQueued) continue;
    oldest = std::max(0.0, UnixNow() - record.created);
    break;
  }
  metrics_.SetJobQueueAge(oldest);
}

void JobService::DispatchLoop() {
  const auto sweep_every = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(std::clamp(options_.jobs.ttl_seconds / 4, 0.2, 60.0)));
  const auto concurrent = static_cast<std::size_t>(std::max(1, options_.jobs.concurrent));
  auto next_sweep = Clock::now();
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (Clock::now() >= next_sweep) {
      lock.unlock();
      SweepExpired();
      lock.lock();
      next_sweep = Clock::now() + sweep_every;
      continue;
    }
    std::vector<std::shared_ptr<RunningJob>> slices;
    if (dispatching_()) {  // false while draining: queued jobs wait for the next start
      while (running_.size() < concurrent && !queue_.empty()) {
        auto job = std::make_shared<RunningJob>(std::move(queue_.front()));
        queue_.pop_front();
        running_.emplace(job->id, job);
      }
      const auto now = Clock::now();
      for (const auto& [id, job] : running_) {
        if (job->in_scheduler || now < job->retry_at) continue;
        job->in_scheduler = true;
        slices.push_back(job);
      }
    }
    if (slices.empty()) {
      // Re-checked at least every 100 ms: draining and retries come without a notification.
      wake_.wait_until(lock, std::min(next_sweep, Clock::now() + std::chrono::milliseconds(100)));
      continue;
    }
    lock.unlock();
    // A refused slice is dropped inside Submit (SliceDropped), which locks.
    for (const auto& job : slices) (void)scheduler_.Submit(std::make_unique<JobSlice>(*this, job));
    lock.lock();
  }
}

void JobService::SweepExpired() {
  for (const std::string& id : store_->FinishedBefore(UnixNow() - options_.jobs.ttl_seconds)) {
    if (store_->Remove(id)) spdlog::info("job {} expired (--job-ttl {} s): deleted", id, options_.jobs.ttl_seconds);
  }
}

void JobService::SliceDropped(const std::shared_ptr<RunningJob>& job, const Error& why) {
  {
    const std::lock_guard lock(mutex_);
    job->in_scheduler = false;
    if (why.code == ErrorCode::kUnavailable && !stopping_ && !job->cancel.cancelled()) {
      job->retry_at = Clock::now() + std::chrono::milliseconds(250);  // every queue full: try again soon
    } else {
      running_.erase(job->id);  // deleted, or the server is stopping (its row stays "running")
    }
    // Under the lock: once Stop sees the list empty it may destroy the service.
    wake_.notify_all();
    ended_.notify_all();
  }
}

void JobService::RunSlice(const std::shared_ptr<RunningJob>& job, WorkerContext& worker) {
  Result<bool> stepped = false;
  try {
    stepped = StepJob(*job, worker);
  } catch (...) {
    stepped = ErrorFromCurrentException("job " + job->id);
  }
  worker.MarkDone();
  if (!stepped.ok()) {
    const Error& error = stepped.error();
    // Cancelled: deleted, or the server is stopping (the job stays "running"
    // and the next start resumes it). Not found: deleted meanwhile.
    if (error.code != ErrorCode::kCancelled && error.code != ErrorCode::kNotFound) {
      spdlog::warn("job {} failed: {} ({})", job->id, error.message, ErrorCodeName(error.code));
      (void)store_->Fail(job->id, error);
    }
  }
  {
    const std::lock_guard lock(mutex_);
    job->in_scheduler = false;
    // Finished, failed, cancelled or stopping: off the list; else its next slice goes to the scheduler.
    if (!stepped.ok() || *stepped || stopping_) running_.erase(job->id);
    // Under the lock: once Stop sees the list empty it may destroy the service.
    wake_.notify_all();
    ended_.notify_all();
  }
}

Status JobService::OpenJob(RunningJob& job, WorkerContext& worker) {
  const auto record = store_->Find(job.id);
  if (!record) return MakeError(ErrorCode::kNotFound, "no job " + job.id);
  auto fields = ParseFieldsJson(record->request);
  if (!fields.ok()) return fields.error();
  auto parsed = ParseMarkerFields(*fields);
  if (!parsed.ok()) return parsed.error();
  job.fields = std::move(parsed).value();
  job.context = WorkContext{limits_, JobControl{Deadline::max(), job.cancel}, {}, nullptr, options_.request_defaults};
  auto resolved = ResolveRequest(worker.models, job.fields->ocr, job.context);
  if (!resolved.ok()) return resolved.error();
  job.options = resolved->options;
  auto input = ReadJobInput(store_->InputPath(job.id));
  if (!input.ok()) return input.error();
  job.input = std::move(input).value();
  auto pages = OpenDocument(job.input.file, job.fields->document, job.options, options_, job.context,
                            options_.jobs.max_pages);
  if (!pages.ok()) return pages.error();
  job.pages.emplace(std::move(pages).value());
  if (Status running = store_->MarkRunning(job.id, static_cast<int>(job.pages->count())); !running.ok()) {
    return running;
  }
  // Pages a previous run finished are kept; the others are made now.
  job.outcomes.assign(job.pages->count(), std::nullopt);
  auto kept = store_->LoadPages(job.id);
  if (!kept.ok()) return kept.error();
  for (const auto& [index, json] : *kept) {
    if (index >= 0 && static_cast<std::size_t>(index) < job.outcomes.size()) {
      job.outcomes[index] = ParsePageOutcome(json);
    }
  }
  for (std::size_t i = 0; i < job.outcomes.size(); ++i) {
    if (!job.outcomes[i]) job.todo.push_back(i);
  }
  return Status::Ok();
}

Result<bool> JobService::StepJob(RunningJob& job, WorkerContext& worker) {
  if (!job.pages) {
    if (Status opened = OpenJob(job, worker); !opened.ok()) return opened.error();
  }
  // This worker's node's models (a slice may run on any node).
  const ModelSet* models = worker.models.Find(job.options.model.value_or(""));
  if (models == nullptr) return MakeError(ErrorCode::kInvalidArgument, "the job's model set is not loaded");
  // One slice: a page for each core of the node, run at once on the idle ones.
  const std::size_t slice = std::min(job.todo.size() - job.next, static_cast<std::size_t>(std::max(1, worker.cores)));
  WorkContext context = job.context;
  context.executor = &worker.executor;
  auto made = MapPages<PageOutcome>(slice, context, [&](std::size_t k, StageExecutor& executor) -> Result<PageOutcome> {
    const std::size_t index = job.todo[job.next + k];
    auto page = job.pages->Page(index, *models, executor);
    if (!page.ok() && page.error().code == ErrorCode::kCancelled) return page.error();
    PageOutcome outcome;
    outcome.page_id = job.pages->page_id(index);
    if (page.ok()) {
      outcome.page = std::move(page).value();
    } else {
      outcome.error = page.error();
    }
    const std::string json =
        outcome.page ? DocumentPageToJson(*outcome.page) : PageErrorJson(outcome.page_id, outcome.error);
    if (Status saved = store_->SavePage(job.id, static_cast<int>(index), json); !saved.ok()) return saved.error();
    metrics_.CountJobPage();
    return outcome;
  });
  if (!made.ok()) return made.error();
  for (std::size_t k = 0; k < slice; ++k) job.outcomes[job.todo[job.next + k]] = std::move((*made)[k]);
  job.next += slice;
  if (job.next < job.todo.size()) return false;

  std::vector<DocumentPage> document;
  std::string page_errors;
  std::optional<Error> first_error;
  for (const std::optional<PageOutcome>& outcome : job.outcomes) {
    if (outcome->page) {
      document.push_back(*outcome->page);
      continue;
    }
    if (!first_error) first_error = outcome->error;
    DocumentPage failed;  // no text: its error is in metadata.page_errors
    failed.page_id = outcome->page_id;
    document.push_back(std::move(failed));
    page_errors += (page_errors.empty() ? "" : ", ") + PageErrorJson(outcome->page_id, outcome->error);
  }
  const bool every_page_failed = std::none_of(job.outcomes.begin(), job.outcomes.end(),
                                              [](const auto& outcome) { return outcome->page.has_value(); });
  if (first_error && every_page_failed) return *first_error;
  std::string result;
  if (job.fields->document.format == OutputFormat::kPdf) {
    auto pdf = SearchablePdfOf(*job.pages, std::move(document), job.input.file.bytes, options_, job.context);
    if (!pdf.ok()) return pdf.error();
    result = std::move(pdf).value();
  } else {
    const std::string more = page_errors.empty() ? "" : "\"page_errors\": [" + page_errors + "]";
    result = RenderMarkerResponse(document, job.fields->document, more);
  }
  if (Status finished = store_->Finish(job.id, result); !finished.ok()) return finished.error();
  return true;
}

std::string RenderJobStatus(const JobRecord& record) {
  std::string body = "{\"job_id\": ";
  AppendJsonString(body, record.id);
  body += ", \"status\": ";
  AppendJsonString(body, JobStatusName(record.status));
  body += ", \"pages_done\": " + std::to_string(record.pages_done) +
          ", \"pages_total\": " + std::to_string(record.pages_total) + ", \"created\": ";
  AppendJsonString(body, IsoTime(record.created));
  body += ", \"updated\": ";
  AppendJsonString(body, IsoTime(record.updated));
  if (record.status == JobStatus::kFailed) {
    body += ", \"error\": ";
    AppendJsonString(body, record.error);
    body += ", \"error_code\": ";
    AppendJsonString(body, record.error_code);
  }
  return body + "}";
}

std::string RenderJobAccepted(const JobRecord& record) {
  std::string body = "{\"job_id\": ";
  AppendJsonString(body, record.id);
  body += ", \"status\": \"queued\", \"pages_total\": " + std::to_string(record.pages_total) + ", \"status_url\": ";
  AppendJsonString(body, "/jobs/" + record.id);
  body += ", \"result_url\": ";
  AppendJsonString(body, "/jobs/" + record.id + "/result");
  return body + "}";
}

bool IsJobIdText(std::string_view text) {
  if (text.empty() || text.size() > 128) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

}  // namespace onnxocr::server

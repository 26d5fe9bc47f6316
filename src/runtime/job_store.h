// Asynchronous jobs on disk, so that nothing accepted is lost to a restart or
// a kill -9. An SQLite index (DIR/jobs.sqlite, WAL) holds one row per job;
// beside it, each job has a folder DIR/<id>/ with its upload ("input"), each
// finished page ("pages/<index>.json") and, once done, its answer ("result").
// Files are written to a temporary name and renamed, and a row names a file
// only once the file is complete, so a crash leaves either the old or the new
// state. One process per folder: Open takes an exclusive lock (DIR/lock) held
// until the store is destroyed. Thread-safe: one connection behind a mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "platform/unique_fd.h"

struct sqlite3;

namespace onnxocr {

enum class JobStatus { kQueued, kRunning, kDone, kFailed, kCancelled };
std::string_view JobStatusName(JobStatus status);
inline constexpr JobStatus kAllJobStatuses[] = {JobStatus::kQueued, JobStatus::kRunning, JobStatus::kDone,
                                                JobStatus::kFailed, JobStatus::kCancelled};

struct JobRecord {
  std::string id;
  JobStatus status = JobStatus::kQueued;
  int pages_done = 0;
  int pages_total = 0;  // the pages selected, counted when the job was accepted
  double created = 0;   // Unix seconds
  double updated = 0;
  std::string error;       // why it failed
  std::string error_code;  // ErrorCodeName of that error
  std::string request;     // the job's request fields, as the service wrote them (opaque here)
  std::uint64_t bytes = 0;  // on disk: input, pages and result
};

class JobStore {
 public:
  // Creates DIR if needed. kInternal when it cannot be created, locked (another
  // process uses it) or its index cannot be opened.
  static Result<std::unique_ptr<JobStore>> Open(const std::string& directory);
  ~JobStore();
  JobStore(const JobStore&) = delete;
  JobStore& operator=(const JobStore&) = delete;

  const std::string& directory() const { return directory_; }

  // Writes the input, then the row (queued; record.id, created, request, pages_total).
  Status Create(const JobRecord& record, std::string_view input);
  std::optional<JobRecord> Find(const std::string& id) const;
  std::string InputPath(const std::string& id) const;

  // Each returns kNotFound once the job is gone (removed meanwhile).
  Status MarkRunning(const std::string& id, int pages_total);
  // Keeps a finished page (its index among the job's pages) and counts it done.
  Status SavePage(const std::string& id, int index, std::string_view page);
  // The pages kept so far, by index.
  Result<std::map<int, std::string>> LoadPages(const std::string& id) const;
  Status Finish(const std::string& id, std::string_view result);
  Status Fail(const std::string& id, const Error& error);
  // Queued again (after a restart): its kept pages stay.
  Status Requeue(const std::string& id);
  Result<std::string> ReadResult(const std::string& id) const;

  // Deletes the row and the folder; false when there was no such job.
  bool Remove(const std::string& id);

  // Queued or running jobs, oldest first.
  std::vector<JobRecord> Unfinished() const;
  // Done or failed jobs last updated before `unix_seconds`.
  std::vector<std::string> FinishedBefore(double unix_seconds) const;
  std::map<JobStatus, int> CountByStatus() const;
  std::uint64_t BytesOnDisk() const;

 private:
  struct CloseDb {
    void operator()(sqlite3* db) const;
  };
  JobStore(std::string directory, UniqueFd lock, std::unique_ptr<sqlite3, CloseDb> db);
  Status Execute(const char* sql) const;
  bool ExistsLocked(const std::string& id) const;  // with mutex_ held
  Status UpdateRow(const std::string& id, const char* sql, std::int64_t number, std::string_view text,
                   std::string_view text2 = {}) const;
  std::string JobFolder(const std::string& id) const;

  const std::string directory_;
  const UniqueFd lock_;  // flock'd DIR/lock
  mutable std::mutex mutex_;
  const std::unique_ptr<sqlite3, CloseDb> db_;
};

// Unix time now, in seconds.
double UnixNow();

}  // namespace onnxocr

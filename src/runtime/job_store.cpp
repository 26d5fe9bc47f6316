#include "runtime/job_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

namespace onnxocr {
namespace {

namespace fs = std::filesystem;

Error StoreError(const std::string& what) {
  return MakeError(ErrorCode::kInternal, "job store: " + what);
}

Error GoneError(const std::string& id) {
  return MakeError(ErrorCode::kNotFound, "no job " + id);
}

// A prepared statement, finalized when it ends.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) statement_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return statement_ != nullptr; }
  Statement& Bind(int index, std::string_view text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int index, std::int64_t number) {
    sqlite3_bind_int64(statement_, index, number);
    return *this;
  }
  Statement& Bind(int index, double number) {
    sqlite3_bind_double(statement_, index, number);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return statement_ == nullptr ? SQLITE_ERROR : sqlite3_step(statement_); }
  std::string Text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return text == nullptr ? std::string() : std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
  }
  std::int64_t Integer(int column) const { return sqlite3_column_int64(statement_, column); }
  double Real(int column) const { return sqlite3_column_double(statement_, column); }
  std::string ErrorText() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

// The status column holds JobStatus values; the statements below name them by number.
static_assert(static_cast<int>(JobStatus::kQueued) == 0 && static_cast<int>(JobStatus::kRunning) == 1 &&
              static_cast<int>(JobStatus::kDone) == 2 && static_cast<int>(JobStatus::kFailed) == 3);

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS jobs ("
    " id TEXT PRIMARY KEY,"
    " status INTEGER NOT NULL,"
    " pages_done INTEGER NOT NULL DEFAULT 0,"
    " pages_total INTEGER NOT NULL DEFAULT 0,"
    " created REAL NOT NULL,"
    " updated REAL NOT NULL,"
    " error TEXT NOT NULL DEFAULT '',"
    " error_code TEXT NOT NULL DEFAULT '',"
    " request TEXT NOT NULL,"
    " bytes INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, created);";

constexpr const char* kColumns =
    "SELECT id, status, pages_done, pages_total, created, updated, error, error_code, request, bytes FROM jobs ";

JobRecord ReadRecord(const Statement& row) {
  JobRecord record;
  record.id = row.Text(0);
  record.status = static_cast<JobStatus>(row.Integer(1));
  record.pages_done = static_cast<int>(row.Integer(2));
  record.pages_total = static_cast<int>(row.Integer(3));
  record.created = row.Real(4);
  record.updated = row.Real(5);
  record.error = row.Text(6);
  record.error_code = row.Text(7);
  record.request = row.Text(8);
  record.bytes = static_cast<std::uint64_t>(row.Integer(9));
  return record;
}

// Writes `path` whole or not at all: a temporary file renamed over it.
Status WriteFileAtomically(const fs::path& path, std::string_view bytes) {
  const fs::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return StoreError("cannot write " + partial.string());
  }
  std::error_code error;
  fs::rename(partial, path, error);
  if (error) return StoreError("cannot rename " + partial.string() + ": " + error.message());
  return Status::Ok();
}

Result<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return StoreError("cannot read " + path.string());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return StoreError("cannot read " + path.string());
  return bytes;
}

}  // namespace

std::string_view JobStatusName(JobStatus status) {
  switch (status) {
    case JobStatus::kQueued: return "queued";
    case JobStatus::kRunning: return "running";
    case JobStatus::kDone: return "done";
    case JobStatus::kFailed: return "failed";
    case JobStatus::kCancelled: return "cancelled";
  }
  return "failed";
}

double UnixNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void JobStore::CloseDb::operator()(sqlite3* db) const {
  sqlite3_close_v2(db);
}

Result<std::unique_ptr<JobStore>> JobStore::Open(const std::string& directory) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return StoreError("cannot create " + directory + ": " + error.message());
  UniqueFd lock(::open((fs::path(directory) / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (lock.get() < 0) return StoreError("cannot open " + directory + "/lock: " + std::generic_category().message(errno));
  if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    return StoreError(directory + " is in use by another process (one server per jobs folder)");
  }
  sqlite3* raw = nullptr;
  const std::string index = (fs::path(directory) / "jobs.sqlite").string();
  const int opened = sqlite3_open_v2(index.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, CloseDb> db(raw);
  if (opened != SQLITE_OK) {
    return StoreError("cannot open " + index + ": " + (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"));
  }
  auto store = std::unique_ptr<JobStore>(new JobStore(directory, std::move(lock), std::move(db)));
  // WAL with synchronous=NORMAL: a committed row survives the process being
  // killed (the OS has it); only a power cut may lose the last commits.
  for (const char* sql : {"PRAGMA journal_mode=WAL;", "PRAGMA synchronous=NORMAL;", "PRAGMA busy_timeout=5000;", kSchema}) {
    if (Status done = store->Execute(sql); !done.ok()) return done.error();
  }
  return store;
}

JobStore::JobStore(std::string directory, UniqueFd lock, std::unique_ptr<sqlite3, CloseDb> db)
    : directory_(std::move(directory)), lock_(std::move(lock)), db_(std::move(db)) {}

JobStore::~JobStore() = default;

Status JobStore::Execute(const char* sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message) == SQLITE_OK) return Status::Ok();
  const std::string text = message != nullptr ? message : "unknown error";
  sqlite3_free(message);
  return StoreError(text);
}

std::string JobStore::JobFolder(const std::string& id) const {
  return (fs::path(directory_) / id).string();
}

std::string JobStore::InputPath(const std::string& id) const {
  return (fs::path(JobFolder(id)) / "input").string();
}

Status JobStore::Create(const JobRecord& record, std::string_view input) {
  const std::lock_guard lock(mutex_);
  std::error_code error;
  fs::create_directories(fs::path(JobFolder(record.id)) / "pages", error);
  if (error) return StoreError("cannot create the folder of job " + record.id + ": " + error.message());
  if (Status written = WriteFileAtomically(InputPath(record.id), input); !written.ok()) {
    fs::remove_all(JobFolder(record.id), error);
    return written;
  }
  Statement insert(db_.get(),
                   "INSERT INTO jobs (id, status, created, updated, request, bytes, pages_total) "
                   "VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)");
  insert.Bind(1, record.id)
      .Bind(2, static_cast<std::int64_t>(JobStatus::kQueued))
      .Bind(3, record.created)
      .Bind(4, record.request)
      .Bind(5, static_cast<std::int64_t>(input.size()))
      .Bind(6, static_cast<std::int64_t>(record.pages_total));
  if (insert.Step() != SQLITE_DONE) {
    const std::string why = insert.ErrorText();
    fs::remove_all(JobFolder(record.id), error);
    return StoreError("cannot record job " + record.id + ": " + why);
  }
  return Status::Ok();
}

std::optional<JobRecord> JobStore::Find(const std::string& id) const {
  const std::lock_guard lock(mutex_);
  Statement select(db_.get(), (std::string(kColumns) + "WHERE id = ?1").c_str());
  select.Bind(1, id);
  if (select.Step() != SQLITE_ROW) return std::nullopt;
  return ReadRecord(select);
}

bool JobStore::ExistsLocked(const std::string& id) const {
  Statement select(db_.get(), "SELECT 1 FROM jobs WHERE id = ?1");
  select.Bind(1, id);
  return select.Step() == SQLITE_ROW;
}

// Runs an UPDATE of one job's row, binding ?1 = id, ?2 = number, ?3 = text,
// ?4 = text2, ?5 = now (a statement uses those it names); kNotFound when no
// row changed.
Status JobStore::UpdateRow(const std::string& id, const char* sql, std::int64_t number, std::string_view text,
                           std::string_view text2) const {
  Statement update(db_.get(), sql);
  update.Bind(1, id).Bind(2, number).Bind(3, text).Bind(4, text2).Bind(5, UnixNow());
  if (update.Step() != SQLITE_DONE) return StoreError("cannot update job " + id + ": " + update.ErrorText());
  if (sqlite3_changes(db_.get()) == 0) return GoneError(id);
  return Status::Ok();
}

Status JobStore::MarkRunning(const std::string& id, int pages_total) {
  const std::lock_guard lock(mutex_);
  return UpdateRow(id, "UPDATE jobs SET status = 1, pages_total = ?2, updated = ?5 WHERE id = ?1",
                   pages_total, "", "");
}

Status JobStore::SavePage(const std::string& id, int index, std::string_view page) {
  const std::lock_guard lock(mutex_);
  if (!ExistsLocked(id)) return GoneError(id);
  const fs::path path = fs::path(JobFolder(id)) / "pages" / (std::to_string(index) + ".json");
  std::error_code error;
  const bool replaced = fs::exists(path, error);
  if (Status written = WriteFileAtomically(path, page); !written.ok()) return written;
  if (replaced) return Status::Ok();
  return UpdateRow(
      id, "UPDATE jobs SET pages_done = pages_done + 1, bytes = bytes + ?2, updated = ?5 WHERE id = ?1",
      static_cast<std::int64_t>(page.size()), "", "");
}

Result<std::map<int, std::string>> JobStore::LoadPages(const std::string& id) const {
  const std::lock_guard lock(mutex_);
  std::map<int, std::string> pages;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(fs::path(JobFolder(id)) / "pages", error)) {
    const fs::path& path = entry.path();
    if (path.extension() != ".json") continue;  // a .partial left by a crash
    int index = -1;
    try {
      index = std::stoi(path.stem().string());
    } catch (...) {
      continue;
    }
    auto bytes = ReadWholeFile(path);
    if (!bytes.ok()) return bytes.error();
    pages.emplace(index, std::move(bytes).value());
  }
  if (error) return StoreError("cannot list the pages of job " + id + ": " + error.message());
  return pages;
}

Status JobStore::Finish(const std::string& id, std::string_view result) {
  const std::lock_guard lock(mutex_);
  if (!ExistsLocked(id)) return GoneError(id);
  if (Status written = WriteFileAtomically(fs::path(JobFolder(id)) / "result", result); !written.ok()) return written;
  return UpdateRow(id, "UPDATE jobs SET status = 2, bytes = bytes + ?2, updated = ?5 WHERE id = ?1",
                   static_cast<std::int64_t>(result.size()), "", "");
}

Status JobStore::Fail(const std::string& id, const Error& why) {
  const std::lock_guard lock(mutex_);
  return UpdateRow(id, "UPDATE jobs SET status = 3, error = ?3, error_code = ?4, updated = ?5 WHERE id = ?1",
                   0, why.message, ErrorCodeName(why.code));
}

Status JobStore::Requeue(const std::string& id) {
  const std::lock_guard lock(mutex_);
  return UpdateRow(id, "UPDATE jobs SET status = 0, updated = ?5 WHERE id = ?1", 0, "", "");
}

Result<std::string> JobStore::ReadResult(const std::string& id) const {
  const std::lock_guard lock(mutex_);
  return ReadWholeFile(fs::path(JobFolder(id)) / "result");
}

bool JobStore::Remove(const std::string& id) {
  const std::lock_guard lock(mutex_);
  Statement remove(db_.get(), "DELETE FROM jobs WHERE id = ?1");
  remove.Bind(1, id);
  const bool removed = remove.Step() == SQLITE_DONE && sqlite3_changes(db_.get()) > 0;
  std::error_code error;
  if (removed) fs::remove_all(JobFolder(id), error);
  return removed;
}

std::vector<JobRecord> JobStore::Unfinished() const {
  const std::lock_guard lock(mutex_);
  Statement select(db_.get(), (std::string(kColumns) + "WHERE status IN (0, 1) ORDER BY created, id").c_str());
  std::vector<JobRecord> records;
  while (select.Step() == SQLITE_ROW) records.push_back(ReadRecord(select));
  return records;
}

std::vector<std::string> JobStore::FinishedBefore(double unix_seconds) const {
  const std::lock_guard lock(mutex_);
  Statement select(db_.get(), "SELECT id FROM jobs WHERE status IN (2, 3) AND updated < ?1");
  select.Bind(1, unix_seconds);
  std::vector<std::string> ids;
  while (select.Step() == SQLITE_ROW) ids.push_back(select.Text(0));
  return ids;
}

std::map<JobStatus, int> JobStore::CountByStatus() const {
  const std::lock_guard lock(mutex_);
  std::map<JobStatus, int> counts;
  for (const JobStatus status : kAllJobStatuses) counts[status] = 0;
  Statement select(db_.get(), "SELECT status, COUNT(*) FROM jobs GROUP BY status");
  while (select.Step() == SQLITE_ROW) counts[static_cast<JobStatus>(select.Integer(0))] = static_cast<int>(select.Integer(1));
  return counts;
}

std::uint64_t JobStore::BytesOnDisk() const {
  const std::lock_guard lock(mutex_);
  Statement select(db_.get(), "SELECT COALESCE(SUM(bytes), 0) FROM jobs");
  return select.Step() == SQLITE_ROW ? static_cast<std::uint64_t>(select.Integer(0)) : 0;
}

}  // namespace onnxocr

#include "runtime/job_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace onnxocr {
namespace {

namespace fs = std::filesystem;

class JobStoreTest : public ::testing::Test {
 protected:
  JobStoreTest() {
    std::string pattern = (fs::temp_directory_path() / "job-store-test-XXXXXX").string();
    directory_ = ::mkdtemp(pattern.data());
  }
  ~JobStoreTest() override { fs::remove_all(directory_); }

  static JobRecord Record(const std::string& id, double created) {
    JobRecord record;
    record.id = id;
    record.created = created;
    record.pages_total = 3;
    record.request = "{\"output_format\": \"json\"}";
    return record;
  }

  std::string directory_;
};

TEST_F(JobStoreTest, AJobIsKeptFromAcceptanceToItsResult) {
  auto store = JobStore::Open(directory_);
  ASSERT_TRUE(store.ok()) << store.error().message;
  JobStore& jobs = *store.value();
  ASSERT_TRUE(jobs.Create(Record("a-1", 100), "%PDF-1.4 bytes").ok());
  auto found = jobs.Find("a-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, JobStatus::kQueued);
  EXPECT_EQ(found->pages_total, 3);
  EXPECT_EQ(found->request, "{\"output_format\": \"json\"}");
  EXPECT_EQ(found->bytes, 14u);
  EXPECT_TRUE(fs::exists(jobs.InputPath("a-1")));

  ASSERT_TRUE(jobs.MarkRunning("a-1", 3).ok());
  ASSERT_TRUE(jobs.SavePage("a-1", 2, "page two").ok());
  ASSERT_TRUE(jobs.SavePage("a-1", 0, "page zero").ok());
  ASSERT_TRUE(jobs.SavePage("a-1", 0, "page zero again").ok());  // made again after a crash: counted once
  found = jobs.Find("a-1");
  EXPECT_EQ(found->status, JobStatus::kRunning);
  EXPECT_EQ(found->pages_done, 2);
  auto pages = jobs.LoadPages("a-1");
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(*pages, (std::map<int, std::string>{{0, "page zero again"}, {2, "page two"}}));

  ASSERT_TRUE(jobs.Finish("a-1", "{\"success\": true}").ok());
  EXPECT_EQ(jobs.Find("a-1")->status, JobStatus::kDone);
  auto result = jobs.ReadResult("a-1");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, "{\"success\": true}");
}

TEST_F(JobStoreTest, AReopenedStoreFindsTheUnfinishedJobsOldestFirst) {
  {
    auto store = JobStore::Open(directory_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Create(Record("late", 300), "x").ok());
    ASSERT_TRUE((*store)->Create(Record("early", 100), "x").ok());
    ASSERT_TRUE((*store)->Create(Record("done", 200), "x").ok());
    ASSERT_TRUE((*store)->MarkRunning("early", 3).ok());
    ASSERT_TRUE((*store)->SavePage("early", 1, "kept").ok());
    ASSERT_TRUE((*store)->Finish("done", "r").ok());
  }  // as if the process had ended
  auto store = JobStore::Open(directory_);
  ASSERT_TRUE(store.ok()) << store.error().message;
  const std::vector<JobRecord> unfinished = (*store)->Unfinished();
  ASSERT_EQ(unfinished.size(), 2u);
  EXPECT_EQ(unfinished[0].id, "early");
  EXPECT_EQ(unfinished[0].status, JobStatus::kRunning);
  EXPECT_EQ(unfinished[1].id, "late");
  ASSERT_TRUE((*store)->Requeue("early").ok());
  EXPECT_EQ((*store)->Find("early")->status, JobStatus::kQueued);
  EXPECT_EQ((*store)->LoadPages("early")->at(1), "kept");
  const auto counts = (*store)->CountByStatus();
  EXPECT_EQ(counts.at(JobStatus::kQueued), 2);
  EXPECT_EQ(counts.at(JobStatus::kDone), 1);
  EXPECT_EQ(counts.at(JobStatus::kRunning), 0);
}

TEST_F(JobStoreTest, OneProcessPerFolder) {
  auto first = JobStore::Open(directory_);
  ASSERT_TRUE(first.ok());
  auto second = JobStore::Open(directory_);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("in use by another process"), std::string::npos) << second.error().message;
}

TEST_F(JobStoreTest, ARemovedJobIsGoneWithItsFilesAndLaterWritesSayNotFound) {
  auto store = JobStore::Open(directory_);
  ASSERT_TRUE(store.ok());
  JobStore& jobs = *store.value();
  ASSERT_TRUE(jobs.Create(Record("gone", 1), "bytes").ok());
  EXPECT_TRUE(jobs.Remove("gone"));
  EXPECT_FALSE(jobs.Remove("gone"));
  EXPECT_FALSE(jobs.Find("gone"));
  EXPECT_FALSE(fs::exists(fs::path(directory_) / "gone"));
  EXPECT_EQ(jobs.SavePage("gone", 0, "late page").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(jobs.Finish("gone", "late result").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(jobs.Fail("gone", MakeError(ErrorCode::kInternal, "x")).error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(fs::path(directory_) / "gone"));  // a late write does not bring the folder back
}

TEST_F(JobStoreTest, FailuresExpiryAndBytes) {
  auto store = JobStore::Open(directory_);
  ASSERT_TRUE(store.ok());
  JobStore& jobs = *store.value();
  ASSERT_TRUE(jobs.Create(Record("f", 1), "12345").ok());
  ASSERT_TRUE(jobs.Fail("f", MakeError(ErrorCode::kCorruptInput, "page 3 is broken")).ok());
  const auto failed = jobs.Find("f");
  EXPECT_EQ(failed->status, JobStatus::kFailed);
  EXPECT_EQ(failed->error, "page 3 is broken");
  EXPECT_EQ(failed->error_code, "corrupt_input");
  ASSERT_TRUE(jobs.Create(Record("q", 2), "123").ok());
  EXPECT_EQ(jobs.BytesOnDisk(), 8u);
  EXPECT_EQ(jobs.FinishedBefore(UnixNow() + 10), std::vector<std::string>{"f"});  // a queued job never expires
  EXPECT_TRUE(jobs.FinishedBefore(UnixNow() - 3600).empty());
}

}  // namespace
}  // namespace onnxocr

#include "runtime/completion.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "runtime/node_pool.h"
#include "body_job.h"
#include "runtime/thread_affinity.h"

namespace onnxocr {
namespace {

struct Answers {
  std::vector<std::string> received;
  Completion<std::string>::Callback Record() {
    return [this](std::string answer) { received.push_back(std::move(answer)); };
  }
};

TEST(CompletionTest, TheFirstAnswerWinsAndLaterOnesAreRefused) {
  Answers answers;
  {
    Completion<std::string> completion(answers.Record(), [] { return std::string("fallback"); });
    EXPECT_TRUE(completion.Complete("result"));
    EXPECT_FALSE(completion.Complete("late"));
  }
  EXPECT_EQ(answers.received, std::vector<std::string>{"result"});  // no fallback on destruction either
}

TEST(CompletionTest, AJobThatEndsUnansweredAnswersWithTheFallback) {
  Answers answers;
  {
    auto completion =
        std::make_shared<Completion<std::string>>(answers.Record(), [] { return std::string("ended unanswered"); });
    const auto job = [completion] { throw std::runtime_error("the job threw before answering"); };
    EXPECT_THROW(job(), std::runtime_error);
  }
  EXPECT_EQ(answers.received, std::vector<std::string>{"ended unanswered"});
}

TEST(CompletionTest, ConcurrentAnswersAnswerOnce) {
  std::atomic<int> calls{0};
  {
    Completion<int> completion([&](int) { ++calls; }, [] { return -1; });
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) threads.emplace_back([&completion, i] { completion.Complete(i); });
    for (auto& thread : threads) thread.join();
  }
  EXPECT_EQ(calls.load(), 1);
}

// The defect this type fixes: a pool task that throws something that is not a
// std::exception used to leave its client with no answer at all.
TEST(CompletionTest, APoolTaskThatThrowsAnythingStillAnswersItsClient) {
  auto pool = NodePool::Start(
      NodePlan{.numa_node = 0, .cpus = CurrentThreadCpus(), .cores = 1, .workers = 1}, {.queue_capacity = 2},
      EmptyModels());
  ASSERT_TRUE(pool.ok()) << pool.error().message;
  std::promise<std::string> answered;
  {
    auto completion = std::make_shared<Completion<std::string>>(
        [&answered](std::string answer) { answered.set_value(std::move(answer)); },
        [] { return std::string("500: ended without an answer"); });
    ASSERT_TRUE(SubmitBody(*pool.value(), [completion](WorkerContext&) { throw 42; }));
  }
  auto future = answered.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(future.get(), "500: ended without an answer");
  // The worker survived and serves the next task.
  std::promise<void> ran;
  ASSERT_TRUE(SubmitBody(*pool.value(), [&ran](WorkerContext&) { ran.set_value(); }));
  EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  pool.value().reset();  // joins the worker before the promises it used go away
}

}  // namespace
}  // namespace onnxocr

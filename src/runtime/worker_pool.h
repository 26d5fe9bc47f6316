// A fixed set of worker threads fed by one bounded FIFO queue. TrySubmit
// never blocks and refuses work when the queue is full, which is the
// server's admission control. Thread-safe; the destructor runs what is still
// queued, then joins the workers.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace onnxocr {

class WorkerPool {
 public:
  WorkerPool(int workers, std::size_t queue_capacity);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false when queue_capacity tasks are already waiting.
  bool TrySubmit(std::function<void()> task);

  std::size_t queue_depth() const;
  int workers() const { return static_cast<int>(threads_.size()); }
  std::size_t queue_capacity() const { return capacity_; }

 private:
  void WorkLoop();

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace onnxocr

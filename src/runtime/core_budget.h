// One token per core a node may use: a thread runs inference only while it
// holds tokens, which caps the runnable inference threads at the core count.
// Lenders (TryAcquireUpTo / TryAcquire) never take tokens while a worker is
// blocked in Acquire, so lending cannot starve queued requests. Thread-safe.
#pragma once

#include <condition_variable>
#include <mutex>

namespace onnxocr {

class CoreBudget {
 public:
  explicit CoreBudget(int cores);

  // Blocks until `count` tokens are free and takes them; count <= cores().
  void Acquire(int count);
  // Takes all `count` tokens or none, without blocking.
  bool TryAcquire(int count);
  // Takes as many free tokens as it can, up to `count`, without blocking.
  int TryAcquireUpTo(int count);
  void Release(int count);

  // True while a thread is blocked in Acquire: lenders should give tokens back.
  bool HasWaiters() const;
  int available() const;
  int cores() const { return cores_; }

 private:
  const int cores_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  int available_;
  int waiters_ = 0;
};

}  // namespace onnxocr

#include "runtime/core_budget.h"

#include <algorithm>

namespace onnxocr {

CoreBudget::CoreBudget(int cores) : cores_(std::max(1, cores)), available_(cores_) {}

void CoreBudget::Acquire(int count) {
  count = std::clamp(count, 0, cores_);
  std::unique_lock lock(mutex_);
  ++waiters_;
  released_.wait(lock, [&] { return available_ >= count; });
  --waiters_;
  available_ -= count;
}

bool CoreBudget::TryAcquire(int count) {
  const std::lock_guard lock(mutex_);
  if (waiters_ > 0 || count > available_) return false;
  available_ -= count;
  return true;
}

int CoreBudget::TryAcquireUpTo(int count) {
  const std::lock_guard lock(mutex_);
  if (waiters_ > 0) return 0;
  const int taken = std::clamp(count, 0, available_);
  available_ -= taken;
  return taken;
}

void CoreBudget::Release(int count) {
  {
    const std::lock_guard lock(mutex_);
    available_ = std::min(cores_, available_ + count);
  }
  released_.notify_all();
}

bool CoreBudget::HasWaiters() const {
  const std::lock_guard lock(mutex_);
  return waiters_ > 0;
}

int CoreBudget::available() const {
  const std::lock_guard lock(mutex_);
  return available_;
}

}  // namespace onnxocr

#include "runtime/core_budget.h"

#include <algorithm>
#include <utility>

namespace onnxocr {

CoreLease::~CoreLease() {
  Return();
}

CoreLease::CoreLease(CoreLease&& other) noexcept
    : budget_(std::exchange(other.budget_, nullptr)), count_(std::exchange(other.count_, 0)) {}

CoreLease& CoreLease::operator=(CoreLease&& other) noexcept {
  if (this != &other) {
    Return();
    budget_ = std::exchange(other.budget_, nullptr);
    count_ = std::exchange(other.count_, 0);
  }
  return *this;
}

CoreLease CoreLease::Split(int count) {
  const int moved = std::clamp(count, 0, count_);
  count_ -= moved;
  return CoreLease(moved > 0 ? budget_ : nullptr, moved);
}

void CoreLease::Absorb(CoreLease&& other) {
  if (other.count_ == 0) return;
  if (budget_ == nullptr) budget_ = other.budget_;
  count_ += std::exchange(other.count_, 0);
  other.budget_ = nullptr;
}

void CoreLease::Return() {
  if (budget_ != nullptr && count_ > 0) budget_->Release(count_);
  count_ = 0;
}

CoreBudget::CoreBudget(int cores) : cores_(std::max(1, cores)), available_(cores_) {}

CoreLease CoreBudget::Lease(int count) {
  count = std::clamp(count, 0, cores_);
  std::unique_lock lock(mutex_);
  // First come, first served: a thread that has just given a token back and
  // leases again (a yielding helper) queues behind the worker it yielded to.
  const std::uint64_t ticket = next_ticket_++;
  ++waiters_;
  released_.wait(lock, [&] { return ticket == serving_ && available_ >= count; });
  --waiters_;
  ++serving_;
  available_ -= count;
  lock.unlock();
  released_.notify_all();  // the next in line may go now
  return CoreLease(this, count);
}

CoreLease CoreBudget::TryLease(int count) {
  const std::lock_guard lock(mutex_);
  if (waiters_ > 0 || count <= 0 || count > available_) return CoreLease();
  available_ -= count;
  return CoreLease(this, count);
}

CoreLease CoreBudget::TryLeaseUpTo(int count) {
  const std::lock_guard lock(mutex_);
  if (waiters_ > 0) return CoreLease();
  const int taken = std::clamp(count, 0, available_);
  available_ -= taken;
  return CoreLease(taken > 0 ? this : nullptr, taken);
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

// One token per core a node may use: a thread runs inference only while it
// holds tokens, which caps the runnable inference threads at the core count.
// Tokens are only ever held through a CoreLease, which gives them back when
// it ends, a throw included. Lenders (TryLease / TryLeaseUpTo) never take
// tokens while a worker is blocked in Lease, so lending cannot starve queued
// requests. CoreBudget is thread-safe and must outlive its leases.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace onnxocr {

class CoreBudget;

// Tokens taken from a CoreBudget. Move-only; one owner at a time (not
// thread-safe). An empty lease (count() == 0) holds nothing.
class CoreLease {
 public:
  CoreLease() = default;
  ~CoreLease();
  CoreLease(CoreLease&& other) noexcept;
  CoreLease& operator=(CoreLease&& other) noexcept;
  CoreLease(const CoreLease&) = delete;
  CoreLease& operator=(const CoreLease&) = delete;

  int count() const { return count_; }
  // Moves up to `count` of the held tokens into a lease of their own.
  CoreLease Split(int count);
  // Takes over every token of `other`, which must come from the same budget
  // (or be empty).
  void Absorb(CoreLease&& other);
  // Gives every held token back now.
  void Return();

 private:
  friend class CoreBudget;
  CoreLease(CoreBudget* budget, int count) : budget_(budget), count_(count) {}

  CoreBudget* budget_ = nullptr;
  int count_ = 0;
};

class CoreBudget {
 public:
  explicit CoreBudget(int cores);

  // Blocks until `count` tokens are free and takes them; count <= cores().
  // Waiting threads are served in the order they called.
  CoreLease Lease(int count);
  // Takes all `count` tokens or none (an empty lease), without blocking.
  CoreLease TryLease(int count);
  // Takes as many free tokens as it can, up to `count`, without blocking.
  CoreLease TryLeaseUpTo(int count);

  // True while a thread is blocked in Lease: lenders should give tokens back.
  bool HasWaiters() const;
  int available() const;
  int cores() const { return cores_; }

 private:
  friend class CoreLease;
  void Release(int count);

  const int cores_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  int available_;
  int waiters_ = 0;
  std::uint64_t next_ticket_ = 0;  // Lease's turn numbers
  std::uint64_t serving_ = 0;
};

}  // namespace onnxocr

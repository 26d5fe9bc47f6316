// Answers a job's client exactly once. Complete() answers with the job's
// result the first time it is called; a Completion destroyed unanswered
// (its job threw, or was dropped) answers with `fallback()` instead. Share it
// (std::shared_ptr) between the admitting thread and the job's task. Thread-
// safe: concurrent Complete() calls answer once, the first wins.
#pragma once

#include <atomic>
#include <functional>
#include <utility>

namespace onnxocr {

template <class Answer>
class Completion {
 public:
  using Callback = std::function<void(Answer)>;
  using Fallback = std::function<Answer()>;

  Completion(Callback callback, Fallback fallback) : callback_(std::move(callback)), fallback_(std::move(fallback)) {}
  ~Completion() {
    if (answered_.exchange(true)) return;
    try {
      callback_(fallback_());
    } catch (...) {  // a destructor must not throw; the client's connection times out instead
    }
  }
  Completion(const Completion&) = delete;
  Completion& operator=(const Completion&) = delete;

  // Answers with `answer` unless already answered; true if this call answered.
  bool Complete(Answer answer) {
    if (answered_.exchange(true)) return false;
    callback_(std::move(answer));
    return true;
  }

 private:
  Callback callback_;
  Fallback fallback_;
  std::atomic<bool> answered_{false};
};

}  // namespace onnxocr

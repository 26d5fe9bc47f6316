#include "runtime/thread_affinity.h"

#include <pthread.h>
#include <sched.h>

#include <cstring>
#include <string>

namespace onnxocr {

Status PinCurrentThread(const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (const int cpu : cpus) {
    if (cpu >= 0 && cpu < CPU_SETSIZE) CPU_SET(static_cast<unsigned>(cpu), &set);
  }
  if (const int error = pthread_setaffinity_np(pthread_self(), sizeof set, &set); error != 0) {
    return MakeError(ErrorCode::kInternal, std::string("pthread_setaffinity_np: ") + std::strerror(error));
  }
  return Status::Ok();
}

std::vector<int> CurrentThreadCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (pthread_getaffinity_np(pthread_self(), sizeof set, &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(static_cast<unsigned>(cpu), &set)) cpus.push_back(cpu);
  }
  return cpus;
}

}  // namespace onnxocr

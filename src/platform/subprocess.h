// Runs a helper program (pdftoppm, pdftotext, ...) in a sandbox of resource limits
// and collects its output. Stateless; RunSubprocess is safe to call from many
// threads at once (all descriptors are O_CLOEXEC; fork+execve, nothing but
// async-signal-safe calls in the child).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace onnxocr {

// Limits for one child process. A value of 0 for an rlimit means "leave as inherited".
struct SubprocessLimits {
  std::chrono::milliseconds timeout{15000};      // wall clock, from spawn until reaped
  std::uint64_t max_address_space = 2ull << 30;  // RLIMIT_AS, bytes (2 GiB)
  std::uint64_t max_cpu_seconds = 60;            // RLIMIT_CPU (SIGXCPU, then SIGKILL one second later)
  std::uint64_t max_file_size = 512ull << 20;    // RLIMIT_FSIZE, bytes (SIGXFSZ beyond)
  std::size_t max_stdout = 256u << 20;           // more stdout than this -> kLimitExceeded
  std::size_t max_stderr = 64u << 10;            // stderr beyond this is dropped (it is diagnostic only)
  // Put the child in a new, empty network namespace (no interfaces but a down
  // loopback). Needs CAP_SYS_ADMIN or unprivileged user namespaces; when the
  // kernel or a seccomp filter refuses, the child runs with the parent's network.
  bool isolate_network = true;
};

struct SubprocessResult {
  int exit_code = -1;   // the exit status when the child exited, else -1
  int term_signal = 0;  // the signal that killed the child, else 0
  std::string stdout_data;
  std::string stderr_text;  // at most max_stderr bytes
};

// Runs argv[0] with arguments argv[1..]. argv[0] without a '/' is looked up in
// /usr/bin and /bin. The child gets: stdin from /dev/null, only fds 0-2 open,
// environment PATH=/usr/bin:/bin and LANG=C.UTF-8 only, its own process group,
// the rlimits above and RLIMIT_CORE=0.
// A non-zero exit or a signal is reported in the result, not as an error.
// Errors: kInvalidArgument (empty argv), kInternal (executable missing or not
// executable, fork/pipe failure), kDeadlineExceeded (timeout), kLimitExceeded
// (stdout over max_stdout). On every error path the whole process group is
// SIGKILLed and the child reaped.
Result<SubprocessResult> RunSubprocess(const std::vector<std::string>& argv, const SubprocessLimits& limits);

}  // namespace onnxocr

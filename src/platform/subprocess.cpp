#include "platform/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <system_error>
#include <thread>
#include <utility>

#include "platform/unique_fd.h"

namespace onnxocr {
namespace {

using Clock = std::chrono::steady_clock;

std::string ErrnoText(int error_number) {
  return std::generic_category().message(error_number);
}

Error SystemError(std::string_view what, int error_number) {
  return MakeError(ErrorCode::kInternal, std::string(what) + ": " + ErrnoText(error_number));
}

struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

Result<Pipe> MakePipe() {
  std::array<int, 2> fds{};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0) return SystemError("pipe2", errno);
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// argv[0] as given when it names a path, else the first executable in /usr/bin, /bin.
Result<std::string> ResolveExecutable(const std::string& name) {
  if (name.empty()) return MakeError(ErrorCode::kInvalidArgument, "empty executable name");
  if (name.find('/') != std::string::npos) {
    if (::access(name.c_str(), X_OK) == 0) return name;
    return MakeError(ErrorCode::kInternal, "cannot execute " + name + ": " + ErrnoText(errno));
  }
  for (const char* dir : {"/usr/bin/", "/bin/"}) {
    std::string candidate = std::string(dir) + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return MakeError(ErrorCode::kInternal, "executable not found in /usr/bin or /bin: " + name);
}

// Everything the child needs, prepared before fork so that the child allocates nothing.
struct ChildSetup {
  const char* path = nullptr;
  std::vector<char*> argv;
  std::vector<char*> envp;
  std::array<int, 4> fds{};  // become the child's 0 (stdin), 1, 2 and 3 (exec-error pipe)
  const SubprocessLimits* limits = nullptr;
};

void SetLimit(int resource, std::uint64_t soft, std::uint64_t hard) {
  if (soft == 0) return;
  rlimit limit{};
  limit.rlim_cur = static_cast<rlim_t>(soft);
  limit.rlim_max = static_cast<rlim_t>(hard);
  ::setrlimit(resource, &limit);  // lowering a limit cannot fail for lack of privilege
}

void CloseFdsFrom(int first) {
  if (::close_range(static_cast<unsigned>(first), ~0U, 0) == 0) return;
  rlimit open_files{};
  long max_fd = 65536;
  if (::getrlimit(RLIMIT_NOFILE, &open_files) == 0 && open_files.rlim_cur != RLIM_INFINITY) {
    max_fd = static_cast<long>(std::min<rlim_t>(open_files.rlim_cur, 1 << 20));
  }
  for (long fd = first; fd < max_fd; ++fd) ::close(static_cast<int>(fd));
}

// Runs in the forked child: async-signal-safe calls only, then execve.
[[noreturn]] void RunChild(const ChildSetup& setup) noexcept {
  ::setpgid(0, 0);
  sigset_t no_signals;
  ::sigemptyset(&no_signals);
  ::pthread_sigmask(SIG_SETMASK, &no_signals, nullptr);
  struct sigaction default_action{};
  default_action.sa_handler = SIG_DFL;
  for (int sig : {SIGPIPE, SIGXCPU, SIGXFSZ, SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &default_action, nullptr);

  // Move the four descriptors out of the way first, so that dup2 cannot clobber one.
  std::array<int, 4> moved{};
  for (std::size_t i = 0; i < moved.size(); ++i) moved[i] = ::fcntl(setup.fds[i], F_DUPFD_CLOEXEC, 10);
  for (std::size_t i = 0; i < moved.size(); ++i) {
    if (moved[i] < 0 || ::dup2(moved[i], static_cast<int>(i)) < 0) ::_exit(127);
  }
  ::fcntl(3, F_SETFD, FD_CLOEXEC);  // the exec-error pipe closes on a successful exec
  CloseFdsFrom(4);

  const SubprocessLimits& limits = *setup.limits;
  if (limits.isolate_network && ::unshare(CLONE_NEWNET) != 0) {
    ::unshare(CLONE_NEWUSER | CLONE_NEWNET);  // unprivileged route; failure is tolerated
  }
  SetLimit(RLIMIT_AS, limits.max_address_space, limits.max_address_space);
  SetLimit(RLIMIT_CPU, limits.max_cpu_seconds, limits.max_cpu_seconds + 1);
  SetLimit(RLIMIT_FSIZE, limits.max_file_size, limits.max_file_size);
  rlimit no_core{};
  ::setrlimit(RLIMIT_CORE, &no_core);

  ::execve(setup.path, setup.argv.data(), setup.envp.data());
  const int exec_errno = errno;
  [[maybe_unused]] const auto written = ::write(3, &exec_errno, sizeof exec_errno);
  ::_exit(127);
}

int WaitForChild(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

// SIGKILLs the child's process group (and the child, should setpgid have lost a race) and reaps it.
void KillAndReap(pid_t pid) {
  ::killpg(pid, SIGKILL);
  ::kill(pid, SIGKILL);
  WaitForChild(pid);
}

// Exec errno reported by the child, or 0 once execve succeeded (the pipe closed on exec).
int ReadExecErrno(int fd) {
  int exec_errno = 0;
  std::size_t got = 0;
  auto* bytes = reinterpret_cast<char*>(&exec_errno);
  while (got < sizeof exec_errno) {
    const ssize_t n = ::read(fd, bytes + got, sizeof exec_errno - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got == sizeof exec_errno ? exec_errno : 0;
}

enum class ReadOutcome { kOpen, kEof, kOverLimit };

// Reads what is available on fd into out. Bytes beyond `limit` are an error when
// `over_limit_is_error`, else dropped.
ReadOutcome ReadAvailable(int fd, std::string& out, std::size_t limit, bool over_limit_is_error) {
  std::array<char, 65536> buffer;
  const ssize_t n = ::read(fd, buffer.data(), buffer.size());
  if (n < 0) return (errno == EINTR || errno == EAGAIN) ? ReadOutcome::kOpen : ReadOutcome::kEof;
  if (n == 0) return ReadOutcome::kEof;
  const auto count = static_cast<std::size_t>(n);
  if (out.size() + count > limit) {
    if (over_limit_is_error) return ReadOutcome::kOverLimit;
    out.append(buffer.data(), limit - std::min(limit, out.size()));
    return ReadOutcome::kOpen;
  }
  out.append(buffer.data(), count);
  return ReadOutcome::kOpen;
}

int MillisecondsUntil(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, INT_MAX));
}

// Input that keeps a tool busy past its time limit is too expensive to process.
Error Timeout(const std::string& path, const SubprocessLimits& limits) {
  return MakeError(ErrorCode::kLimitExceeded,
                   path + " ran longer than " + std::to_string(limits.timeout.count()) + " ms and was killed");
}

// Collects stdout and stderr until both reach EOF. On error the child is killed and reaped.
Status CollectOutput(pid_t pid, const std::string& path, int stdout_fd, int stderr_fd, Clock::time_point deadline,
                     const SubprocessLimits& limits, SubprocessResult& result) {
  std::array<pollfd, 2> polled{pollfd{stdout_fd, POLLIN, 0}, pollfd{stderr_fd, POLLIN, 0}};
  while (polled[0].fd >= 0 || polled[1].fd >= 0) {
    const int wait_ms = MillisecondsUntil(deadline);
    if (wait_ms == 0) {
      KillAndReap(pid);
      return Timeout(path, limits);
    }
    const int ready = ::poll(polled.data(), polled.size(), wait_ms);
    if (ready < 0 && errno != EINTR) {
      const int poll_errno = errno;
      KillAndReap(pid);
      return SystemError("poll", poll_errno);
    }
    for (std::size_t i = 0; ready > 0 && i < polled.size(); ++i) {
      if (polled[i].fd < 0 || polled[i].revents == 0) continue;
      const bool is_stdout = i == 0;
      const ReadOutcome outcome = is_stdout ? ReadAvailable(polled[i].fd, result.stdout_data, limits.max_stdout, true)
                                            : ReadAvailable(polled[i].fd, result.stderr_text, limits.max_stderr, false);
      if (outcome == ReadOutcome::kOverLimit) {
        KillAndReap(pid);
        return MakeError(ErrorCode::kLimitExceeded,
                         path + " wrote more than " + std::to_string(limits.max_stdout) + " bytes and was killed");
      }
      if (outcome == ReadOutcome::kEof) polled[i].fd = -1;
    }
  }
  return Status::Ok();
}

// Waits until the child has exited (without reaping it), up to the deadline.
bool WaitForExit(pid_t pid, Clock::time_point deadline) {
  auto pause = std::chrono::microseconds(200);
  while (true) {
    siginfo_t info{};
    const int rc = ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT);
    if (rc == 0 && info.si_pid == pid) return true;
    if (rc < 0 && errno != EINTR) return true;  // nothing to wait for: let waitpid report it
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(10000));
  }
}

}  // namespace

Result<SubprocessResult> RunSubprocess(const std::vector<std::string>& argv, const SubprocessLimits& limits) {
  if (argv.empty()) return MakeError(ErrorCode::kInvalidArgument, "RunSubprocess: empty argv");
  Result<std::string> path = ResolveExecutable(argv[0]);
  if (!path.ok()) return path.error();

  UniqueFd dev_null(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (dev_null.get() < 0) return SystemError("open /dev/null", errno);
  Result<Pipe> stdout_pipe = MakePipe();
  if (!stdout_pipe.ok()) return stdout_pipe.error();
  Result<Pipe> stderr_pipe = MakePipe();
  if (!stderr_pipe.ok()) return stderr_pipe.error();
  Result<Pipe> exec_error_pipe = MakePipe();
  if (!exec_error_pipe.ok()) return exec_error_pipe.error();

  std::vector<std::string> args = argv;
  std::string env_path = "PATH=/usr/bin:/bin";
  std::string env_lang = "LANG=C.UTF-8";
  ChildSetup setup;
  setup.path = path->c_str();
  for (std::string& arg : args) setup.argv.push_back(arg.data());
  setup.argv.push_back(nullptr);
  setup.envp = {env_path.data(), env_lang.data(), nullptr};
  setup.fds = {dev_null.get(), stdout_pipe->write_end.get(), stderr_pipe->write_end.get(),
               exec_error_pipe->write_end.get()};
  setup.limits = &limits;

  const auto deadline = Clock::now() + limits.timeout;
  const pid_t pid = ::fork();
  if (pid < 0) return SystemError("fork", errno);
  if (pid == 0) RunChild(setup);

  ::setpgid(pid, pid);  // also done by the child; whichever runs first wins the race with killpg
  dev_null.Reset();
  stdout_pipe->write_end.Reset();
  stderr_pipe->write_end.Reset();
  exec_error_pipe->write_end.Reset();

  if (const int exec_errno = ReadExecErrno(exec_error_pipe->read_end.get()); exec_errno != 0) {
    WaitForChild(pid);
    return MakeError(ErrorCode::kInternal, "cannot execute " + *path + ": " + ErrnoText(exec_errno));
  }
  for (int fd : {stdout_pipe->read_end.get(), stderr_pipe->read_end.get()}) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }

  SubprocessResult result;
  Status collected =
      CollectOutput(pid, *path, stdout_pipe->read_end.get(), stderr_pipe->read_end.get(), deadline, limits, result);
  if (!collected.ok()) return collected.error();
  if (!WaitForExit(pid, deadline)) {
    KillAndReap(pid);
    return Timeout(*path, limits);
  }
  ::killpg(pid, SIGKILL);  // leftovers in the group; the group id cannot be reused while the child is unreaped
  const int status = WaitForChild(pid);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  return result;
}

}  // namespace onnxocr

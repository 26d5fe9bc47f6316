#include "platform/subprocess.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace onnxocr {
namespace {

using std::chrono::milliseconds;

SubprocessLimits ShortLimits() {
  SubprocessLimits limits;
  limits.timeout = milliseconds(10000);
  return limits;
}

Result<SubprocessResult> Shell(const std::string& script, const SubprocessLimits& limits = ShortLimits()) {
  return RunSubprocess({"/bin/sh", "-c", script}, limits);
}

// True once no process with this pid exists (reaped, not a zombie).
bool ProcessGone(pid_t pid) {
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

// True once the process is gone or a zombie (dead, waiting for whoever adopted it to reap it).
bool ProcessDead(pid_t pid) {
  if (ProcessGone(pid)) return true;
  std::ifstream stat_file("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  const auto paren = stat.rfind(')');
  return stat.empty() ||
         (paren != std::string::npos && paren + 2 < stat.size() && (stat[paren + 2] == 'Z' || stat[paren + 2] == 'X'));
}

TEST(RunSubprocess, CapturesStdoutAndExitCode) {
  auto run = RunSubprocess({"/bin/echo", "hello", "world"}, ShortLimits());
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->stdout_data, "hello world\n");
  EXPECT_EQ(run->exit_code, 0);
  EXPECT_EQ(run->term_signal, 0);
  EXPECT_TRUE(run->stderr_text.empty());
}

TEST(RunSubprocess, FindsBareNamesInUsrBin) {
  auto run = RunSubprocess({"echo", "x"}, ShortLimits());
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->stdout_data, "x\n");
}

TEST(RunSubprocess, ReportsExitCodeAndStderr) {
  auto run = Shell("echo oops >&2; exit 7");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->exit_code, 7);
  EXPECT_EQ(run->term_signal, 0);
  EXPECT_EQ(run->stderr_text, "oops\n");
}

TEST(RunSubprocess, ReportsTerminatingSignal) {
  auto run = Shell("kill -SEGV $$");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->exit_code, -1);
  EXPECT_EQ(run->term_signal, SIGSEGV);
}

TEST(RunSubprocess, MissingBinaryIsAnInternalError) {
  auto run = RunSubprocess({"/nonexistent/tool", "x"}, ShortLimits());
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, ErrorCode::kInternal);
  EXPECT_NE(run.error().message.find("/nonexistent/tool"), std::string::npos);

  auto bare = RunSubprocess({"no-such-tool-onnxocr"}, ShortLimits());
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.error().code, ErrorCode::kInternal);
  EXPECT_NE(bare.error().message.find("no-such-tool-onnxocr"), std::string::npos);
}

TEST(RunSubprocess, EmptyArgvIsInvalid) {
  auto run = RunSubprocess({}, ShortLimits());
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, ErrorCode::kInvalidArgument);
}

TEST(RunSubprocess, TimeoutKillsTheProcessGroupQuickly) {
  SubprocessLimits limits = ShortLimits();
  limits.timeout = milliseconds(200);
  const auto start = std::chrono::steady_clock::now();
  // The shell and its background sleep share the process group: both must go.
  auto run = Shell("sleep 5 & echo $! ; echo $$; sleep 5", limits);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, ErrorCode::kLimitExceeded);
  EXPECT_LT(elapsed, milliseconds(2000));
}

TEST(RunSubprocess, TimeoutLeavesNoProcessBehind) {
  // Learn the pids through a file, since a timed-out run returns no output.
  char dir_template[] = "/tmp/onnxocr-subprocess-test-XXXXXX";
  ASSERT_NE(::mkdtemp(dir_template), nullptr);
  const std::string pid_file = std::string(dir_template) + "/pids";
  SubprocessLimits limits = ShortLimits();
  limits.timeout = milliseconds(300);
  auto run = Shell("sleep 30 & echo $! $$ > " + pid_file + "; wait", limits);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, ErrorCode::kLimitExceeded);

  auto pids = RunSubprocess({"/bin/cat", pid_file}, ShortLimits());
  ASSERT_TRUE(pids.ok()) << pids.error().message;
  int background = 0;
  int shell = 0;
  ASSERT_EQ(std::sscanf(pids->stdout_data.c_str(), "%d %d", &background, &shell), 2);
  EXPECT_TRUE(ProcessGone(shell));  // reaped by RunSubprocess: not even a zombie
  // The background sleep was SIGKILLed with the group; whoever adopted it reaps it later.
  bool background_gone = false;
  for (int i = 0; i < 100 && !background_gone; ++i) {
    background_gone = ProcessDead(background);
    if (!background_gone) std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(background_gone);
  ::unlink(pid_file.c_str());
  ::rmdir(dir_template);
}

TEST(RunSubprocess, StdoutOverTheLimitIsLimitExceeded) {
  SubprocessLimits limits = ShortLimits();
  limits.max_stdout = 1000;
  auto run = Shell("head -c 100000 /dev/zero", limits);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, ErrorCode::kLimitExceeded);

  auto endless = Shell("cat /dev/zero", limits);
  ASSERT_FALSE(endless.ok());
  EXPECT_EQ(endless.error().code, ErrorCode::kLimitExceeded);
}

TEST(RunSubprocess, StdoutAtTheLimitIsFine) {
  SubprocessLimits limits = ShortLimits();
  limits.max_stdout = 100000;
  auto run = Shell("head -c 100000 /dev/zero", limits);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->stdout_data.size(), 100000u);
}

TEST(RunSubprocess, StderrIsTruncatedNotAnError) {
  SubprocessLimits limits = ShortLimits();
  limits.max_stderr = 100;
  auto run = Shell("head -c 50000 /dev/zero >&2; echo done", limits);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->stderr_text.size(), 100u);
  EXPECT_EQ(run->stdout_data, "done\n");
}

TEST(RunSubprocess, LargeOutputOnBothStreamsDoesNotDeadlock) {
  auto run = Shell("head -c 3000000 /dev/zero; head -c 30000 /dev/zero >&2; head -c 3000000 /dev/zero");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->stdout_data.size(), 6000000u);
  EXPECT_EQ(run->stderr_text.size(), 30000u);
}

TEST(RunSubprocess, AppliesResourceLimits) {
  SubprocessLimits limits = ShortLimits();
  limits.max_address_space = 256ull << 20;
  limits.max_cpu_seconds = 7;
  limits.max_file_size = 1ull << 20;
  // dash's ulimit: -v in KiB, -t in seconds, -f in 512-byte blocks, -c in blocks.
  auto run = Shell("ulimit -v; ulimit -t; ulimit -f; ulimit -c", limits);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->stdout_data, "262144\n7\n2048\n0\n");
}

TEST(RunSubprocess, AddressSpaceLimitStopsLargeAllocations) {
  SubprocessLimits limits = ShortLimits();
  limits.max_address_space = 64ull << 20;
  // dd allocates its block size up front: 256 MiB cannot fit in 64 MiB.
  auto run = RunSubprocess({"/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1"}, limits);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_NE(run->exit_code, 0);
  EXPECT_NE(run->stderr_text.find("memory"), std::string::npos) << run->stderr_text;

  limits.max_address_space = 1ull << 30;
  auto fits = RunSubprocess({"/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1"}, limits);
  ASSERT_TRUE(fits.ok()) << fits.error().message;
  EXPECT_EQ(fits->exit_code, 0) << fits->stderr_text;
}

TEST(RunSubprocess, FileSizeLimitKillsWithSigxfsz) {
  char dir_template[] = "/tmp/onnxocr-subprocess-test-XXXXXX";
  ASSERT_NE(::mkdtemp(dir_template), nullptr);
  const std::string file = std::string(dir_template) + "/big";
  SubprocessLimits limits = ShortLimits();
  limits.max_file_size = 64 << 10;
  auto run = RunSubprocess({"/usr/bin/head", "-c", "1000000", "/dev/zero"}, limits);
  ASSERT_TRUE(run.ok());  // stdout is a pipe: not limited by RLIMIT_FSIZE
  auto write = Shell("exec head -c 1000000 /dev/zero > " + file, limits);
  ASSERT_TRUE(write.ok()) << write.error().message;
  EXPECT_EQ(write->term_signal, SIGXFSZ);
  ::unlink(file.c_str());
  ::rmdir(dir_template);
}

TEST(RunSubprocess, ChildGetsOnlyStandardFdsAndACleanEnvironment) {
  auto fds = Shell("ls /proc/self/fd");  // ls itself opens one fd for the directory
  ASSERT_TRUE(fds.ok()) << fds.error().message;
  EXPECT_EQ(fds->stdout_data, "0\n1\n2\n3\n");

  auto env = RunSubprocess({"/usr/bin/env"}, ShortLimits());
  ASSERT_TRUE(env.ok()) << env.error().message;
  EXPECT_EQ(env->stdout_data, "PATH=/usr/bin:/bin\nLANG=C.UTF-8\n");

  auto stdin_read = Shell("cat; echo end");
  ASSERT_TRUE(stdin_read.ok()) << stdin_read.error().message;
  EXPECT_EQ(stdin_read->stdout_data, "end\n");  // stdin is /dev/null: immediate EOF
}

TEST(RunSubprocess, ChildRunsInItsOwnProcessGroup) {
  auto run = Shell("ps -o pgid= -p $$; echo $$");
  if (run.ok() && run->exit_code != 0) GTEST_SKIP() << "no ps here";
  ASSERT_TRUE(run.ok()) << run.error().message;
  int pgid = 0;
  int pid = 0;
  ASSERT_EQ(std::sscanf(run->stdout_data.c_str(), "%d %d", &pgid, &pid), 2);
  EXPECT_EQ(pgid, pid);
}

TEST(RunSubprocess, NetworkIsolatedWhenPermitted) {
  auto run = RunSubprocess({"/bin/cat", "/proc/net/dev"}, ShortLimits());
  ASSERT_TRUE(run.ok()) << run.error().message;
  int interfaces = 0;
  for (char c : run->stdout_data) interfaces += c == ':';
  // Header lines have no ':'; an isolated child sees only "lo:". Where namespaces
  // are refused the child sees the host's interfaces; that is allowed.
  if (interfaces != 1) GTEST_SKIP() << "network namespaces not permitted here";
  EXPECT_NE(run->stdout_data.find("lo:"), std::string::npos);
}

TEST(RunSubprocess, ManyConcurrentCallsFromEightThreads) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 25; ++i) {
        const std::string token = std::to_string(t) + "-" + std::to_string(i);
        auto run = RunSubprocess({"/bin/sh", "-c", "echo " + token + "; echo err-" + token + " >&2"}, ShortLimits());
        if (!run.ok() || run->stdout_data != token + "\n" || run->stderr_text != "err-" + token + "\n" ||
            run->exit_code != 0) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  // No zombies of ours are left: there is no child to wait for.
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
}

}  // namespace
}  // namespace onnxocr

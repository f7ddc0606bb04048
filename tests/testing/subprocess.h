// Runs a program to completion for end-to-end tests of the binaries.
#ifndef DISCLOSURE_TESTS_TESTING_SUBPROCESS_H_
#define DISCLOSURE_TESTS_TESTING_SUBPROCESS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace disclosure::testing {

struct CommandResult {
  int exit_code = -1;  // 128 + signal number if killed by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] (a path) with `argv`, feeding `stdin_data`, and waits.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& stdin_data = "");

// A background process whose stdout and stderr go to `log_path`. Killed
// (SIGKILL) by the destructor if still running.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::string& log_path);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  int pid() const { return pid_; }
  // Sends `signal`; returns immediately.
  void Signal(int signal);
  // Waits for exit; returns the exit code (128 + signal if killed).
  int Wait();
  // Waits like Wait, reading the child's peak resident memory (VmHWM, in
  // KiB) from /proc every 10 ms meanwhile; only growth in its last 10 ms
  // is missed. A child's peak is measured this way, never by the
  // ru_maxrss of wait4: Linux carries the resident size of the process
  // that forked into the child's ru_maxrss across exec, so a child of a
  // large test or bench would report at least its parent's size.
  int WaitMeasuringPeak(int64_t* peak_kib);
  // Waits until `log_path` contains `needle` (true) or `timeout_ms` passes.
  bool WaitForLog(const std::string& needle, int timeout_ms);
  std::string Log() const;

 private:
  int pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::string log_path_;
};

// A memory figure of process `pid` from /proc/<pid>/status, in KiB:
// `field` "VmRSS" (resident now) or "VmHWM" (its peak so far); 0 when the
// process has exited or the field is missing.
int64_t ProcStatusKiB(int pid, const std::string& field);

// The port a server's log line "<what> on port N" names (0 if none): how
// tests find the ports of a process started on port 0.
int PortFromLog(const std::string& log, const std::string& what);

// A loopback TCP port that was free a moment ago (for a server that must
// come back on the same port after a restart), never one this process was
// given before. Another process may still take it; 0 on failure.
int FreeLoopbackPort();

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_SUBPROCESS_H_

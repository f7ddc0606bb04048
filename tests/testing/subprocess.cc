#include "tests/testing/subprocess.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "core/file_util.h"
#include "tests/testing/test_data.h"

namespace disclosure::testing {
namespace {

// Starts argv[0] with stdin from `in` and stdout/stderr appended to `out`
// and `err` (which may be the same file). Returns the child's pid once it
// has replaced itself with argv[0] (or failed to, then exiting 127): until
// then it is a copy of this process, and /proc would show this process's
// memory as the child's.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& in,
            const std::string& out, const std::string& err) {
  int exec_done[2];  // closed by exec in the child: EOF = started
  if (pipe2(exec_done, O_CLOEXEC) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    close(exec_done[0]);
    dup2(open(in.c_str(), O_RDONLY), 0);
    const int fd_out = open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(fd_out, 1);
    dup2(err == out ? fd_out
                    : open(err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600),
         2);
    std::vector<char*> args;
    for (const std::string& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(exec_done[1]);  // also when fork failed: nothing then to wait for
  char ignored;
  while (pid > 0 && read(exec_done[0], &ignored, 1) < 0 && errno == EINTR) {
  }
  close(exec_done[0]);
  return pid;
}

// A loopback port the kernel chose for a socket bound and closed at once;
// 0 on failure.
int BindAndReleasePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& stdin_data) {
  // Files, not pipes: no deadlock whatever the child writes.
  TempDir dir;
  const std::string in = dir.File("in"), out = dir.File("out"),
                    err = dir.File("err");
  if (!WriteNewFile(in, stdin_data, 0600).ok()) std::abort();
  const pid_t pid = Spawn(argv, in, out, err);
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out, 64 << 20).value_or("");
  r.err = ReadFile(err, 64 << 20).value_or("");
  return r;
}

Process::Process(const std::vector<std::string>& argv,
                 const std::string& log_path)
    : pid_(Spawn(argv, "/dev/null", log_path, log_path)), log_path_(log_path) {}

Process::~Process() {
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    Wait();
  }
}

void Process::Signal(int signal) {
  if (!reaped_) kill(pid_, signal);
}

int Process::Wait() {
  if (!reaped_) {
    waitpid(pid_, &status_, 0);
    reaped_ = true;
  }
  return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
}

int64_t ProcStatusKiB(int pid, const std::string& field) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  const std::string prefix = field + ":";
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(prefix, 0) == 0)
      return std::stoll(line.substr(prefix.size()));
  }
  return 0;
}

int Process::WaitMeasuringPeak(int64_t* peak_kib) {
  *peak_kib = 0;
  while (!reaped_) {
    // The high-water mark only rises, so the last reading is the peak.
    *peak_kib = std::max(*peak_kib, ProcStatusKiB(pid_, "VmHWM"));
    if (waitpid(pid_, &status_, WNOHANG) == pid_) {
      reaped_ = true;
    } else {
      usleep(10 * 1000);
    }
  }
  return Wait();
}

std::string Process::Log() const {
  return ReadFile(log_path_, 64 << 20).value_or("");
}

bool Process::WaitForLog(const std::string& needle, int timeout_ms) {
  for (int waited = 0; waited < timeout_ms; waited += 20) {
    if (Log().find(needle) != std::string::npos) return true;
    if (!reaped_ && waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
    if (reaped_) return Log().find(needle) != std::string::npos;
    usleep(20 * 1000);
  }
  return false;
}

int FreeLoopbackPort() {
  // A port handed out is not bound until its server starts, so the kernel
  // may offer it again meanwhile: two servers of one test would then be
  // given the same port. Each port is handed out once per process.
  static absl::Mutex mu;
  static auto* given = new std::set<int>();
  absl::MutexLock lock(&mu);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int port = BindAndReleasePort();
    if (port == 0) return 0;
    if (given->insert(port).second) return port;
  }
  return 0;
}

int PortFromLog(const std::string& log, const std::string& what) {
  std::smatch m;
  const std::regex re(what + " on port ([0-9]+)");
  return std::regex_search(log, m, re) ? std::stoi(m[1]) : 0;
}

}  // namespace disclosure::testing

#include "tests/testing/subprocess.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "core/file_util.h"
#include "tests/testing/test_data.h"

namespace disclosure::testing {

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& stdin_data) {
  // Files, not pipes: no deadlock whatever the child writes.
  TempDir dir;
  const std::string in = dir.File("in"), out = dir.File("out"),
                    err = dir.File("err");
  if (!WriteNewFile(in, stdin_data, 0600).ok()) std::abort();
  pid_t pid = fork();
  if (pid == 0) {
    int fd_in = open(in.c_str(), O_RDONLY);
    int fd_out = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int fd_err = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd_in, 0);
    dup2(fd_out, 1);
    dup2(fd_err, 2);
    std::vector<char*> args;
    for (const std::string& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out, 64 << 20).value_or("");
  r.err = ReadFile(err, 64 << 20).value_or("");
  return r;
}

}  // namespace disclosure::testing

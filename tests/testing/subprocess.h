// Runs a program to completion for end-to-end tests of the binaries.
#ifndef DISCLOSURE_TESTS_TESTING_SUBPROCESS_H_
#define DISCLOSURE_TESTS_TESTING_SUBPROCESS_H_

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

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_SUBPROCESS_H_

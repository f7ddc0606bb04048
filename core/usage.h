// --help and --version for the two servers, which parse flags with Abseil:
// Abseil's own --help lists no flag of a program whose main file is not
// named after it, exits 1, and there is no -h. PrepareCommandLine answers
// -h, --help and --version itself, before Abseil parses anything.
#ifndef DISCLOSURE_CORE_USAGE_H_
#define DISCLOSURE_CORE_USAGE_H_

#include <string>
#include <vector>

namespace disclosure {

struct ProgramUsage {
  std::string program;   // "disclosure-node"
  std::string synopsis;  // usage lines
  std::string summary;   // what the program is, a few lines
  // Flags defined by the program, by name; their help is the flag's own.
  std::vector<std::string> flags;
  std::string exit_codes;  // one line per code
};

// Prepares the command line for Abseil: -h, --help and --version are
// answered here (stdout, exit 0); flag names may be written with dashes
// (--adopt-store) and are rewritten in place to Abseil's underscores; a
// flag the program does not define stops it with exit status 2 and a line
// pointing at --help (Abseil alone would exit 1).
void PrepareCommandLine(int argc, char** argv, const ProgramUsage& usage);

// The --help text: synopsis, summary, every flag with its help, exit codes.
void PrintUsage(const ProgramUsage& usage);

}  // namespace disclosure

#endif  // DISCLOSURE_CORE_USAGE_H_

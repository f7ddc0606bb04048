#include "core/usage.h"

#include <cstdlib>
#include <iostream>

#include "absl/flags/reflection.h"
#include "absl/strings/str_cat.h"
#include "core/program_info.h"

namespace disclosure {

namespace {

std::string Dashed(std::string name) {
  for (char& c : name)
    if (c == '_') c = '-';
  return name;
}

// "--adopt-store=x" -> "--adopt_store=x", in place (same length).
void Underscore(char* arg) {
  for (char* p = arg + 2; *p != '\0' && *p != '='; ++p)
    if (*p == '-') *p = '_';
}

}  // namespace

void PrepareCommandLine(int argc, char** argv, const ProgramUsage& usage) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg == "--version") {
      std::cout << VersionLine(usage.program) << std::endl;
      std::exit(0);
    }
    if (arg != "-h" && arg != "--help" && arg != "-help") continue;
    PrintUsage(usage);
    std::exit(0);
  }
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--") break;
    if (argv[i][0] != '-' || argv[i][1] != '-') continue;
    Underscore(argv[i]);
    std::string name = argv[i] + 2;
    name = name.substr(0, name.find('='));
    bool known = false;
    for (const std::string& f : usage.flags) {
      // --init, or --noinit for a boolean flag.
      known = known || f == name || "no" + f == name;
    }
    if (!known) {
      std::cerr << usage.program << ": unknown flag --" << Dashed(name)
                << " (see " << usage.program << " --help)" << std::endl;
      std::exit(2);
    }
  }
}

void PrintUsage(const ProgramUsage& usage) {
  std::cout << "usage: " << usage.synopsis << "\n\n"
            << usage.summary << "\n\nflags:\n";
  for (const std::string& name : usage.flags) {
    const absl::CommandLineFlag* f = absl::FindCommandLineFlag(name);
    if (f == nullptr) continue;
    std::string line = absl::StrCat("  --", Dashed(name));
    if (f->DefaultValue() != "false" && f->DefaultValue() != "true")
      absl::StrAppend(&line, " VALUE");
    std::cout << line << "\n      " << f->Help() << "\n";
  }
  std::cout << "  -h, --help\n      this help\n"
            << "  --version\n      the version and the commit built from\n\n"
            << "exit codes:\n"
            << usage.exit_codes << "\n"
            << VersionLine(usage.program) << std::endl;
}

}  // namespace disclosure

#include "tools/disclosurectl/import_common.h"

#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "format/encoding.h"
#include "tools/disclosurectl/cli_util.h"

namespace disclosure::cli {

using import::ImportProblem;
using import::ProblemList;

bool IsJson(const std::string& path) { return absl::EndsWith(path, ".json"); }

int Report(const char* command, const ProblemList& problems, bool json) {
  const size_t kept = problems.kept().size();
  if (json) {
    std::cout << "{\"applied\":false,\"problem_count\":" << problems.size()
              << ",\"problems\":[";
    for (size_t i = 0; i < kept; ++i) {
      const auto& p = problems[i];
      std::cout << (i ? "," : "") << "{\"file\":" << JsonQuoted(p.file)
                << ",\"line\":" << p.line
                << ",\"column\":" << JsonQuoted(p.column)
                << ",\"reason\":" << JsonQuoted(p.reason) << "}";
    }
    std::cout << "]}" << std::endl;
  } else {
    std::cerr << "disclosurectl " << command << ": "
              << absl::Substitute(_("rejected, nothing was written; $0 "
                                    "problem(s)"),
                                  problems.size());
    if (kept < problems.size()) {
      std::cerr << absl::Substitute(
          _(", the first $0 listed (fix them and check again for the rest)"),
          kept);
    }
    std::cerr << ":\n";
    for (const auto& p : problems) {
      std::cerr << "  " << p.file;
      if (p.line > 0) std::cerr << ":" << p.line;
      if (!p.column.empty()) std::cerr << " [" << p.column << "]";
      std::cerr << ": " << p.reason << "\n";
    }
  }
  return kExitInvalid;
}

std::string ProblemReason(const disclosure::v1::node::ValidationProblem& p) {
  if (p.message().empty()) return p.reason();
  return Message{p.message(), {p.args().begin(), p.args().end()}}.Translated();
}

int Report(const char* command, ImportProblem problem, bool json) {
  ProblemList one;
  one.push_back(std::move(problem));
  return Report(command, one, json);
}

}  // namespace disclosure::cli

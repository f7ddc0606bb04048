// What disclosurectl's import commands share: their arguments, and the
// report of problems (by file, line and column) that ends a refused import.
#ifndef DISCLOSURE_TOOLS_DISCLOSURECTL_IMPORT_COMMON_H_
#define DISCLOSURE_TOOLS_DISCLOSURECTL_IMPORT_COMMON_H_

#include <cstdint>
#include <string>

#include "tools/disclosurectl/admin_connection.h"
#include "tools/import/csv_importer.h"

namespace disclosure::cli {

struct ImportArgs {
  std::string file;
  std::string uses, linkages, channels, withholding;
  uint32_t batch = 1000;
  bool dry_run = false;
};

bool IsJson(const std::string& path);

// What the node says is wrong, in the user's language: its message
// template translated and filled in, or its English reason from a node that
// sends no template.
std::string ProblemReason(const disclosure::v1::node::ValidationProblem& p);

// Prints every kept problem and how many there are in all (as one JSON
// object on stdout when `json`); returns kExitInvalid.
int Report(const char* command, const import::ProblemList& problems, bool json);
int Report(const char* command, import::ImportProblem problem, bool json);

// import requests FILE: checks the whole file, then streams it to the node.
int ImportRequests(const ImportArgs& args, const AdminConnection& conn);

}  // namespace disclosure::cli

#endif  // DISCLOSURE_TOOLS_DISCLOSURECTL_IMPORT_COMMON_H_

// Registration of disclosurectl's commands. Each function adds one command
// (or command group) to `app`; when the command runs it stores its exit
// code (cli_util.h ExitCode) in *exit_code.
#ifndef DISCLOSURE_TOOLS_DISCLOSURECTL_COMMANDS_H_
#define DISCLOSURE_TOOLS_DISCLOSURECTL_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace disclosure::cli {

// keygen --name NAME --out PREFIX [--type note|cosignature]
void AddKeygenCommand(CLI::App& app, int* exit_code);
// disclosurectl identity (identity_command.cc).
void AddIdentityCommand(CLI::App& app, int* exit_code);

// note sign --key KEYFILE [--in FILE]; note verify --vkey VKEY [--in FILE]
void AddNoteCommands(CLI::App& app, int* exit_code);

// proof verify-inclusion ...; proof verify-consistency ...
void AddProofCommands(CLI::App& app, int* exit_code);

// publish, snapshots, diff A B, status, backup --to DIR (the node's admin
// service)
void AddNodeCommands(CLI::App& app, int* exit_code);

// hub status | harvest [--agency ID] | export | backup --to DIR |
// state --agency ID | clear --agency ID --reason TEXT (the hub's admin
// service)
void AddHubCommands(CLI::App& app, int* exit_code);
// hub consultation open | close ID | list (consultation_commands.cc)
void AddConsultationCommands(CLI::App* hub, int* exit_code);

// bundle verify --in FILE --vkey VKEY [--witness VKEY]...
void AddBundleCommands(CLI::App& app, int* exit_code);

// verify export DIR --trusted-keys PATH [--json]; verify entry BUNDLE ...
void AddVerifyCommands(CLI::App& app, int* exit_code);
// verify history (under the verify command group)
void AddVerifyHistoryCommand(CLI::App* verify, int* exit_code);
// verify snapshot (under the verify command group)
void AddVerifySnapshotCommand(CLI::App* verify, int* exit_code);

// import databases|profile|requests FILE ...; template NAME
void AddImportCommands(CLI::App& app, int* exit_code);

void AddMonitorCommand(CLI::App& app, int* exit_code);

// feedback list [--open] | show ID | answer ID --text TEXT (the hub's
// participation queue and the node's admin service; feedback_commands.cc)
void AddFeedbackCommands(CLI::App& app, int* exit_code);

}  // namespace disclosure::cli

#endif  // DISCLOSURE_TOOLS_DISCLOSURECTL_COMMANDS_H_

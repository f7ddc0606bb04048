// disclosurectl: the one command-line tool of disclosure-net, for agency IT
// (keys, import, publish), auditors (offline verification) and operators.
//
// Exit codes: 0 success / valid, 1 invalid, 2 usage error, 3 failure to run.
#include <CLI/CLI.hpp>
#include <iostream>

#include "core/i18n.h"
#include "core/program_info.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"

int main(int argc, char** argv) {
  using namespace disclosure::cli;
  // The language first, so every help text and message is in it.
  disclosure::InitTranslations(disclosure::TakeLangFlag(&argc, argv));
  CLI::App app{
      _("disclosurectl: set up, publish and verify disclosures of how "
        "government agencies collect and use personal data")};
  app.name("disclosurectl");
  app.set_version_flag("--version", disclosure::VersionLine("disclosurectl"));
  app.footer(
      _("Exit codes: 0 done / valid, 1 invalid or refused (the reason is "
        "printed), 2 usage error (verify: also I/O), 3 could not run.\n"
        "Language: --lang zh_TW or --lang en (default: from LANGUAGE, LC_ALL, "
        "LC_MESSAGES or LANG)."));
  app.require_subcommand(1);
  app.fallthrough(false);

  int exit_code = kExitOk;
  AddKeygenCommand(app, &exit_code);
  AddNoteCommands(app, &exit_code);
  AddProofCommands(app, &exit_code);
  AddBundleCommands(app, &exit_code);
  AddVerifyCommands(app, &exit_code);
  AddImportCommands(app, &exit_code);
  AddAdminCommands(app, &exit_code);
  AddHubCommands(app, &exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and a usage hint to stderr
    return kExitUsage;
  }
  return exit_code;
}

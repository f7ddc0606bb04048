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

namespace {

// CLI11's own words in the help, in the chosen language. Runs before any
// command is added: subcommands share the formatter and copy the option
// defaults and the help flag when they are created.
void TranslateHelpWords(CLI::App& app) {
  auto formatter = app.get_formatter();
  formatter->label("Usage", _("Usage"));
  formatter->label("OPTIONS", _("OPTIONS"));
  formatter->label("SUBCOMMAND", _("SUBCOMMAND"));
  formatter->label("SUBCOMMANDS", _("SUBCOMMANDS"));
  formatter->label("Positionals", _("Positionals"));
  formatter->label("REQUIRED", _("REQUIRED"));
  formatter->label("Needs", _("Needs"));
  formatter->label("Excludes", _("Excludes"));
  app.option_defaults()->group(_("Options"));
  app.set_help_flag("-h,--help", _("Print this help message and exit"));
}

// Subcommands are listed under their group's name, set when each is made;
// the help flag a subcommand copies keeps CLI11's group name.
void TranslateSubcommandGroups(CLI::App* app) {
  for (CLI::Option* opt : app->get_options()) {
    if (opt->get_group() == "Options") opt->group(_("Options"));
  }
  for (CLI::App* sub : app->get_subcommands({})) {
    sub->group(_("Subcommands"));
    TranslateSubcommandGroups(sub);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace disclosure::cli;
  // The language first, so every help text and message is in it.
  disclosure::InitTranslations(disclosure::TakeLangFlag(&argc, argv));
  CLI::App app{
      _("disclosurectl: set up, publish and verify disclosures of how "
        "government agencies collect and use personal data")};
  app.name("disclosurectl");
  TranslateHelpWords(app);
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
  AddIdentityCommand(app, &exit_code);
  AddNoteCommands(app, &exit_code);
  AddProofCommands(app, &exit_code);
  AddBundleCommands(app, &exit_code);
  AddVerifyCommands(app, &exit_code);
  AddMonitorCommand(app, &exit_code);
  AddImportCommands(app, &exit_code);
  AddNodeCommands(app, &exit_code);
  AddHubCommands(app, &exit_code);
  AddFeedbackCommands(app, &exit_code);
  TranslateSubcommandGroups(&app);

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

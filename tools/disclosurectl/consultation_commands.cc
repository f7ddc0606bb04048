// disclosurectl hub consultation open | close | list: the coordinating
// office's consultation rounds (意見徵詢), through the hub's admin listener
// with the hub admin certificate. A round names agencies' entries
// ("moe/db/student-records") and a closing day; while it is open the site's
// forms on those entries take opinions into it.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "disclosure/v1/hub/consultation_service.grpc.pb.h"
#include "tools/disclosurectl/admin_connection.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"
#include "transport/grpc_status.h"

namespace disclosure::cli {
namespace {

namespace v1h = disclosure::v1::hub;

struct RoundArgs {
  AdminConnection conn;
  std::string id;
  std::string title_zh, title_en, description_zh, description_en;
  std::vector<std::string> entries, documents;
  std::string closes_on, platform_url;
};

// "moe/db/student-records" -> agency "moe", entry "db/student-records".
bool ParseEntry(const std::string& text, v1h::ConsultationEntry* out) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size())
    return false;
  out->set_agency_id(text.substr(0, slash));
  out->set_concerns(text.substr(slash + 1));
  return true;
}

// "Title=https://..." (the title may not hold '=').
bool ParseDocument(const std::string& text, v1h::ConsultationDocument* out) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  out->set_title(text.substr(0, eq));
  out->set_url(text.substr(eq + 1));
  return true;
}

void PrintRound(const v1h::ConsultationRound& r) {
  std::cout << absl::Substitute(_("$0 $1 (closes at the end of $2)"), r.id(),
                                r.title_zh_tw(), r.closes_on())
            << "\n";
  for (const auto& e : r.entries())
    std::cout << "    " << e.agency_id() << "/" << e.concerns() << "\n";
}

void PrintStatus(const v1h::ConsultationStatus& s) {
  const v1h::ConsultationRound& r = s.round();
  std::cout << Label(r.id(), 6) << Label(s.open() ? _("open") : _("closed"), 8)
            << r.title_zh_tw() << "\n    "
            << absl::Substitute(
                   _("until $0; $1 entries; $2 opinion(s): $3 adopted, $4 "
                     "partly, $5 not adopted, $6 waiting, $7 overdue"),
                   r.closes_on(), r.entries_size(), s.opinions(), s.adopted(),
                   s.partly_adopted(), s.not_adopted(), s.waiting(),
                   s.overdue())
            << "\n";
}

void AddOpen(CLI::App* group, std::shared_ptr<RoundArgs> a, int* exit_code) {
  CLI::App* cmd = group->add_subcommand(
      "open",
      _("Open a consultation round on agencies' entries until a closing day"));
  cmd->add_option("--title-zh", a->title_zh, _("Title in Chinese"))->required();
  cmd->add_option("--title-en", a->title_en, _("Title in English"));
  cmd->add_option("--description-zh", a->description_zh,
                  _("What the round asks, in Chinese"));
  cmd->add_option("--description-en", a->description_en,
                  _("What the round asks, in English"));
  cmd->add_option("--entry", a->entries,
                  _("An entry the round is about, as agency/db/<id>, "
                    "agency/stats/<period> (repeatable)"))
      ->required();
  cmd->add_option("--closes", a->closes_on,
                  _("Last day opinions are taken, YYYY-MM-DD (Taipei)"))
      ->required();
  cmd->add_option("--document", a->documents,
                  _("A document of the round, as \"title=https://...\" "
                    "(repeatable)"));
  cmd->add_option("--platform-url", a->platform_url,
                  _("The matching topic on the national participation "
                    "platform (https://join.gov.tw/...)"));
  a->conn.AddOptions(cmd, kHubAdmin);
  cmd->callback([a, exit_code] {
    v1h::OpenConsultationRequest req;
    v1h::ConsultationRound* r = req.mutable_round();
    r->set_title_zh_tw(a->title_zh);
    r->set_title_en(a->title_en);
    r->set_description_zh_tw(a->description_zh);
    r->set_description_en(a->description_en);
    r->set_closes_on(a->closes_on);
    r->set_platform_url(a->platform_url);
    for (const std::string& e : a->entries) {
      if (!ParseEntry(e, r->add_entries())) {
        PrintError("hub consultation open",
                   absl::Substitute(_("--entry \"$0\" is not agency/entry, "
                                      "e.g. moe/db/student-records"),
                                    e));
        *exit_code = kExitUsage;
        return;
      }
    }
    for (const std::string& d : a->documents) {
      if (!ParseDocument(d, r->add_documents())) {
        PrintError("hub consultation open",
                   absl::Substitute(
                       _("--document \"$0\" is not title=https://..."), d));
        *exit_code = kExitUsage;
        return;
      }
    }
    *exit_code = CallService<v1h::ConsultationService>(
        "hub consultation open", a->conn, [&](auto& stub) {
          v1h::OpenConsultationResponse resp;
          grpc::Status s =
              stub.OpenConsultation(a->conn.Context().get(), req, &resp);
          if (s.ok()) {
            PrintReply(a->conn, resp, [](const auto& out) {
              std::cout << _("opened: ");
              PrintRound(out.round());
            });
          }
          return s;
        });
  });
}

void AddClose(CLI::App* group, std::shared_ptr<RoundArgs> a, int* exit_code) {
  CLI::App* cmd = group->add_subcommand(
      "close",
      _("Close an open round before its day; agencies then say how they "
        "handled its opinions"));
  cmd->add_option("id", a->id, _("Round id, e.g. c1"))->required();
  a->conn.AddOptions(cmd, kHubAdmin);
  cmd->callback([a, exit_code] {
    *exit_code = CallService<v1h::ConsultationService>(
        "hub consultation close", a->conn, [&](auto& stub) {
          v1h::CloseConsultationRequest req;
          req.set_id(a->id);
          v1h::CloseConsultationResponse resp;
          grpc::Status s =
              stub.CloseConsultation(a->conn.Context().get(), req, &resp);
          if (s.ok()) {
            PrintReply(a->conn, resp, [](const auto& out) {
              std::cout << absl::Substitute(_("closed: $0 takes no more "
                                              "opinions"),
                                            out.round().id())
                        << "\n";
            });
          }
          return s;
        });
  });
}

void AddList(CLI::App* group, std::shared_ptr<RoundArgs> a, int* exit_code) {
  CLI::App* cmd = group->add_subcommand(
      "list", _("Every round, newest first, with what became of its opinions"));
  a->conn.AddOptions(cmd, kHubAdmin);
  cmd->callback([a, exit_code] {
    *exit_code = CallService<v1h::ConsultationService>(
        "hub consultation list", a->conn, [&](auto& stub) {
          v1h::ListConsultationsResponse resp;
          grpc::Status s =
              stub.ListConsultations(a->conn.Context().get(), {}, &resp);
          if (s.ok()) {
            PrintReply(a->conn, resp, [](const auto& out) {
              if (out.rounds().empty()) std::cout << _("no rounds yet") << "\n";
              for (const auto& r : out.rounds()) PrintStatus(r);
            });
          }
          return s;
        });
  });
}

}  // namespace

void AddConsultationCommands(CLI::App* hub, int* exit_code) {
  CLI::App* group = hub->add_subcommand(
      "consultation",
      _("Consultation rounds (意見徵詢): open, close and list them"));
  group->require_subcommand(1);
  auto args = std::make_shared<RoundArgs>();
  AddOpen(group, args, exit_code);
  AddClose(group, args, exit_code);
  AddList(group, args, exit_code);
}

}  // namespace disclosure::cli

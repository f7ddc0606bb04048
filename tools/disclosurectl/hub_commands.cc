// disclosurectl hub status | harvest | export | backup | state | clear (and
// consultation, consultation_commands.cc): the
// coordinating office's operators and the hub's admin service.
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/periods.h"
#include "disclosure/v1/hub/admin_service.grpc.pb.h"
#include "tools/disclosurectl/admin_connection.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"
#include "transport/grpc_status.h"

namespace disclosure::cli {
namespace {

namespace v1h = disclosure::v1::hub;

// A certificate expiring within this many days is flagged.
constexpr int64_t kExpiryWarningDays = 30;

std::string StateWord(v1h::Freshness f) {
  switch (f) {
    case v1h::FRESHNESS_FRESH:
      return _("fresh");
    case v1h::FRESHNESS_OVERDUE:
      return _("OVERDUE");
    case v1h::FRESHNESS_UNREACHABLE:
      return _("UNREACHABLE");
    case v1h::FRESHNESS_MISBEHAVING:
      return _("MISBEHAVING");
    case v1h::FRESHNESS_NEVER_HARVESTED:
      return _("never harvested");
    default:
      return _("unknown");
  }
}

std::string ExpiryNote(int64_t not_after, int64_t now) {
  if (not_after == 0) return _("not seen yet");
  std::string s =
      absl::StrCat(When(not_after), " (", Relative(not_after, now), ")");
  if (not_after <= now)
    return absl::StrCat(s, "  ", _("EXPIRED: renew it now"));
  if (not_after - now < kExpiryWarningDays * 86400) {
    return absl::StrCat(s, "  ", _("renew soon (deploy/pki.sh issue)"));
  }
  return s;
}

void PrintAgency(const v1h::AgencyStatus& a, int64_t now) {
  std::cout << Label(a.agency_id(), 16) << Label(StateWord(a.freshness()), 17)
            << absl::Substitute(_("since $0"), When(a.since()));
  if (a.since() != 0) std::cout << " (" << Relative(a.since(), now) << ")";
  std::cout << "\n    "
            << absl::Substitute(
                   _("log size $0; snapshot expires $1; next harvest $2"),
                   a.log_size(), When(a.expires_at()), When(a.next_attempt()));
  if (a.consecutive_failures() > 0) {
    std::cout << absl::Substitute(_(" (retry after $0 failure(s))"),
                                  a.consecutive_failures());
  }
  std::cout << "\n    "
            << absl::Substitute(
                   _("node certificate $0"),
                   ExpiryNote(a.node_certificate_expires_at(), now))
            << "\n";
  if (!a.last_error().empty()) {
    std::cout << "    " << absl::Substitute(_("last error: $0"), a.last_error())
              << "\n";
  }
  if (a.freshness() == v1h::FRESHNESS_MISBEHAVING) {
    std::cout << "    "
              << absl::Substitute(
                     _("$0 piece(s) of evidence kept: disclosurectl hub state "
                       "--agency $1; after review: disclosurectl hub clear "
                       "--agency $1 --reason TEXT"),
                     a.evidence_count(), a.agency_id())
              << "\n";
  }
}

// One line on the search index, which catches up in the background.
std::string SearchIndexLine(const v1h::SearchIndexStatus& s) {
  if (!s.error().empty()) {
    return absl::Substitute(
        _("search index FAILED, searches answer with an error: $0 (the hub's "
          "log says more; a restart rebuilds what is missing)"),
        s.error());
  }
  if (s.pending_databases() > 0 || s.pending_changes() > 0) {
    return absl::Substitute(
        _("search index: $0 database(s) waiting to be indexed; searches "
          "answer from what is indexed until then"),
        s.pending_databases());
  }
  return _("search index: current");
}

void PrintStatus(const v1h::GetStatusResponse& r) {
  const int64_t now = r.now();
  int fresh = 0;
  for (const auto& a : r.agencies()) {
    fresh += a.freshness() == v1h::FRESHNESS_FRESH ? 1 : 0;
  }
  std::cout << absl::Substitute(_("$0; harvest every $1 s; export $2"),
                                r.version(), r.harvest_interval_seconds(),
                                r.export_dir().empty() ? "-" : r.export_dir())
            << "\n"
            << absl::Substitute(
                   _("$0 agencies registered, $1 fresh, $2 need attention"),
                   r.agencies_size(), fresh, r.agencies_size() - fresh)
            << "\n"
            << SearchIndexLine(r.search_index()) << "\n\n";
  for (const auto& a : r.agencies()) PrintAgency(a, now);
  std::cout << "\n" << _("hub certificates") << "\n";
  for (const auto& c : r.certificates()) {
    std::cout << "  " << std::left << std::setw(8) << c.role()
              << (c.error().empty()
                      ? ExpiryNote(c.not_after(), now)
                      : absl::StrCat(_("UNREADABLE: "), c.error()))
              << "  " << c.file() << "\n";
  }
}

void PrintState(const v1h::GetAgencyStateResponse& r) {
  const v1h::AgencyState& s = r.state();
  std::cout << Label(_("agency")) << s.agency_id() << "\n"
            << Label(_("log size")) << s.log_size() << "\n"
            << Label(_("last success")) << When(s.last_success()) << "\n"
            << Label(_("expires")) << When(s.expires_at()) << "\n"
            << Label(_("unreachable since")) << When(s.unreachable_since())
            << "\n"
            << Label(_("misbehaving since")) << When(s.misbehaving_since())
            << "\n";
  if (!s.misbehaving_reason().empty()) {
    std::cout << Label(_("  reason")) << s.misbehaving_reason() << "\n";
  }
  if (!s.last_error().empty()) {
    std::cout << Label(_("last error")) << s.last_error() << "\n";
  }
  std::cout << Label(_("evidence"))
            << absl::Substitute(_("$0 record(s)"), r.evidence_size()) << "\n";
  for (const v1h::Clearance& c : s.clearances()) {
    std::cout << Label(_("cleared"))
              << absl::Substitute(_("$0 by $1: $2"), When(c.cleared_at()),
                                  c.cleared_by(), c.reason())
              << "\n";
  }
}

const char* ResultWord(v1h::HarvestOutcome::Result r) {
  switch (r) {
    case v1h::HarvestOutcome::RESULT_ACCEPTED:
      return _("accepted");
    case v1h::HarvestOutcome::RESULT_UNCHANGED:
      return _("unchanged");
    case v1h::HarvestOutcome::RESULT_REFUSED:
      return _("REFUSED");
    case v1h::HarvestOutcome::RESULT_UNREACHABLE:
      return _("UNREACHABLE");
    default:
      return "?";
  }
}

// Connects, runs `call` on the stub, and turns an RPC failure into a line
// and an exit code (ExitCodeOf).
template <typename Fn>
int WithHub(const char* command, const AdminConnection& conn, Fn call) {
  return CallService<v1h::HubAdminService>(command, conn, call);
}

struct HubArgs {
  AdminConnection conn;
  std::string agency;
  std::string reason;
  std::string backup_dir;
};

void AddStatus(CLI::App* hub, std::shared_ptr<HubArgs> a, int* exit_code) {
  CLI::App* cmd = hub->add_subcommand(
      "status",
      _("Every agency: fresh, overdue, unreachable or misbehaving since when, "
        "the next harvest, certificate expiry"));
  a->conn.AddOptions(cmd, kHubAdmin);
  cmd->callback([a, exit_code] {
    *exit_code = WithHub("hub status", a->conn, [&](auto& stub) {
      v1h::GetStatusResponse resp;
      grpc::Status s = stub.GetStatus(a->conn.Context().get(), {}, &resp);
      if (s.ok()) PrintReply(a->conn, resp, PrintStatus);
      return s;
    });
  });
}

void AddHarvest(CLI::App* hub, std::shared_ptr<HubArgs> a, int* exit_code) {
  CLI::App* cmd = hub->add_subcommand(
      "harvest",
      _("Harvest one agency (--agency) or all now, whatever their schedule or "
        "backoff; exit 1 when one was refused or unreachable"));
  cmd->add_option("--agency", a->agency, _("Agency id (default: all)"));
  a->conn.AddOptions(cmd, kHubAdmin);
  cmd->callback([a, exit_code] {
    bool all_ok = true;
    *exit_code = WithHub("hub harvest", a->conn, [&](auto& stub) {
      v1h::HarvestRequest req;
      req.set_agency_id(a->agency);
      v1h::HarvestResponse resp;
      auto ctx = a->conn.Context();
      DN_GRPC_RETURN_IF_ERROR(stub.Harvest(ctx.get(), req, &resp));
      if (a->conn.json) std::cout << ToJson(resp) << std::endl;
      for (const auto& o : resp.outcomes()) {
        all_ok =
            all_ok && (o.result() == v1h::HarvestOutcome::RESULT_ACCEPTED ||
                       o.result() == v1h::HarvestOutcome::RESULT_UNCHANGED);
        if (a->conn.json) continue;
        std::cout << Label(o.agency_id(), 16)
                  << Label(ResultWord(o.result()), 12) << o.detail()
                  << absl::Substitute(_("; next harvest $0"),
                                      When(o.next_attempt()))
                  << "\n";
      }
      return grpc::Status::OK;
    });
    if (*exit_code == kExitOk && !all_ok) *exit_code = kExitInvalid;
  });
}

void AddExport(CLI::App* hub, std::shared_ptr<HubArgs> a, int* exit_code) {
  CLI::App* cmd = hub->add_subcommand(
      "export", _("Write the static export and site now, while the hub runs"));
  a->conn.AddOptions(cmd, kHubAdmin);
  cmd->callback([a, exit_code] {
    *exit_code = WithHub("hub export", a->conn, [&](auto& stub) {
      v1h::ExportResponse resp;
      grpc::Status s = stub.Export(a->conn.Context().get(), {}, &resp);
      if (s.ok()) {
        PrintReply(a->conn, resp, [](const auto& r) {
          std::cout << absl::Substitute(_("export written to $0 (state $1...)"),
                                        r.export_dir(), r.state().substr(0, 16))
                    << "\n";
        });
      }
      return s;
    });
  });
}

void AddBackup(CLI::App* hub, std::shared_ptr<HubArgs> a, int* exit_code) {
  CLI::App* cmd = hub->add_subcommand(
      "backup",
      _("Back the hub's store up while it runs, into a folder on the hub's "
        "machine (restore with disclosure-hub restore)"));
  cmd->add_option(
         "--to", a->backup_dir,
         _("Absolute folder on the hub's machine, outside its data_dir"))
      ->required();
  a->conn.AddOptions(cmd, kHubAdmin);
  cmd->callback([a, exit_code] {
    *exit_code = WithHub("hub backup", a->conn, [&](auto& stub) {
      v1h::BackupRequest req;
      req.set_backup_dir(a->backup_dir);
      v1h::BackupResponse resp;
      grpc::Status s = stub.Backup(a->conn.Context().get(), req, &resp);
      if (s.ok()) {
        PrintReply(a->conn, resp, [](const auto& r) {
          std::cout << absl::Substitute(
                           _("backup $0 written to $1: $2 files, $3 bytes"),
                           r.backup_id(), r.backup_dir(), r.number_files(),
                           r.size_bytes())
                    << "\n";
        });
      }
      return s;
    });
  });
}

void AddState(CLI::App* hub, std::shared_ptr<HubArgs> a, int* exit_code) {
  CLI::App* cmd = hub->add_subcommand(
      "state", _("What the hub holds for an agency, with its evidence"));
  cmd->add_option("--agency", a->agency, _("Agency id"))->required();
  a->conn.AddOptions(cmd, kHubAdmin);
  cmd->callback([a, exit_code] {
    *exit_code = WithHub("hub state", a->conn, [&](auto& stub) {
      v1h::GetAgencyStateRequest req;
      req.set_agency_id(a->agency);
      v1h::GetAgencyStateResponse resp;
      grpc::Status s = stub.GetAgencyState(a->conn.Context().get(), req, &resp);
      if (s.ok()) PrintReply(a->conn, resp, PrintState);
      return s;
    });
  });
}

void AddClear(CLI::App* hub, std::shared_ptr<HubArgs> a, int* exit_code) {
  CLI::App* cmd = hub->add_subcommand(
      "clear",
      _("Show a misbehaving agency normally again, after looking at its "
        "evidence; the reason is kept with the evidence"));
  cmd->alias("clear-misbehaving");
  cmd->add_option("--agency", a->agency, _("Agency id"))->required();
  cmd->add_option("--reason", a->reason, _("Why it is safe (kept)"))
      ->required();
  a->conn.AddOptions(cmd, kHubAdmin);
  cmd->callback([a, exit_code] {
    *exit_code = WithHub("hub clear", a->conn, [&](auto& stub) {
      v1h::ClearMisbehavingRequest req;
      req.set_agency_id(a->agency);
      req.set_reason(a->reason);
      v1h::ClearMisbehavingResponse resp;
      grpc::Status s =
          stub.ClearMisbehaving(a->conn.Context().get(), req, &resp);
      if (s.ok()) {
        std::cout << absl::Substitute(
                         _("cleared: $0 is no longer marked misbehaving (its "
                           "evidence is kept)"),
                         a->agency)
                  << std::endl;
      }
      return s;
    });
  });
}

}  // namespace

void AddHubCommands(CLI::App& app, int* exit_code) {
  CLI::App* hub =
      app.add_subcommand("hub", _("Operate the hub (its admin service)"));
  hub->require_subcommand(1);
  auto args = std::make_shared<HubArgs>();
  AddStatus(hub, args, exit_code);
  AddHarvest(hub, args, exit_code);
  AddExport(hub, args, exit_code);
  AddBackup(hub, args, exit_code);
  AddState(hub, args, exit_code);
  AddClear(hub, args, exit_code);
  AddConsultationCommands(hub, exit_code);
}

}  // namespace disclosure::cli

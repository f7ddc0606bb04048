// disclosurectl publish / snapshots / diff / status: agency IT talking to
// its node's admin service.
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/encoding.h"
#include "core/enum_labels.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/message_diff.h"
#include "core/periods.h"
#include "tools/disclosurectl/admin_connection.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"

namespace disclosure::cli {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;

struct ShowArgs {
  std::string what;
  std::optional<uint64_t> sequence;
};

std::string Time(const google::protobuf::Timestamp& t) {
  return TaipeiDateTime(t.seconds());
}

void PrintSummary(const v1n::SnapshotSummary& s) {
  std::cout << absl::Substitute(
                   _("snapshot $0: $1 entries, root $2..., issued $3, expires "
                     "$4"),
                   s.sequence(), s.entry_count(),
                   HexEncode(s.entries_root()).substr(0, 16),
                   Time(s.issued_at()), Time(s.expires_at()))
            << "\n";
}

// Runs `call` on a fresh stub and handles connection errors uniformly.
template <typename Fn>
int WithStub(const char* command, const AdminConnection& conn, Fn call) {
  auto stub = conn.Connect();
  if (!stub.ok()) {
    PrintError(command, stub.status().message());
    return kExitUsage;
  }
  return call(**stub);
}

// Which entry key `what` names: "agency", a period, or a database id.
std::string EntryKeyFor(const std::string& what) {
  if (what == "agency" || what == "profile") return "agency";
  if (absl::StartsWith(what, "db/") || absl::StartsWith(what, "stats/") ||
      absl::StartsWith(what, "rotation/"))
    return what;
  if (PeriodFromLabel(what).ok()) return absl::StrCat("stats/", what);
  return absl::StrCat("db/", what);
}

// An enum value with its Chinese name, as staff know it.
std::string Labelled(const std::string& value) {
  const EnumLabel label = LabelOf(value);
  if (label.zh_tw.empty()) return value;
  return absl::StrCat(value, " (", label.zh_tw, ")");
}

std::string Quoted(const std::string& value) {
  return value.empty() ? std::string(_("(empty)"))
                       : absl::StrCat("\"", Labelled(value), "\"");
}

int RunDiff(v1n::AdminService::Stub& stub, const AdminConnection& conn,
            const std::vector<uint64_t>& args) {
  v1n::DiffSnapshotsRequest req;
  std::string from_words, to_words = _("the unpublished state");
  if (args.size() == 2) {
    req.set_from_sequence(args[0]);
    req.set_to_sequence(args[1]);
    to_words = absl::Substitute(_("snapshot $0"), args[1]);
  } else {
    req.set_to_unpublished(true);
    if (args.size() == 1) {
      req.set_from_sequence(args[0]);
    } else {
      v1n::GetStatusResponse status;
      grpc::Status s = stub.GetStatus(conn.Context().get(), {}, &status);
      if (!s.ok()) {
        PrintError("diff", DescribeRpcError(s, conn.address));
        return ExitCodeOf(s);
      }
      if (status.log_size() > 0) req.set_from_sequence(status.log_size() - 1);
      if (status.log_size() == 0) from_words = _("nothing published");
    }
  }
  if (from_words.empty())
    from_words = absl::Substitute(_("snapshot $0"), req.from_sequence());
  v1n::DiffSnapshotsResponse resp;
  grpc::Status s = stub.DiffSnapshots(conn.Context().get(), req, &resp);
  if (!s.ok()) {
    PrintError("diff", DescribeRpcError(s, conn.address));
    return ExitCodeOf(s);
  }
  if (conn.json) {
    std::cout << ToJson(resp) << std::endl;
    return kExitOk;
  }
  std::map<std::string, const v1n::EntryChange*> fields;
  for (const auto& c : resp.changes()) fields[c.key()] = &c;
  const auto print = [&](const char* what, const std::string& key) {
    std::cout << what << key << "\n";
    auto it = fields.find(key);
    if (it == fields.end()) return;
    for (const auto& f : it->second->fields()) {
      std::cout << "            " << f.path() << ": " << Quoted(f.before())
                << " -> " << Quoted(f.after()) << "\n";
    }
  };
  std::cout << absl::Substitute(_("from $0 to $1:"), from_words, to_words)
            << "\n";
  for (const auto& k : resp.added_keys()) print("added     ", k);
  for (const auto& k : resp.changed_keys()) print("changed   ", k);
  for (const auto& k : resp.withdrawn_keys()) print("withdrawn ", k);
  for (const auto& k : resp.removed_keys()) print("removed   ", k);
  if (resp.added_keys_size() + resp.changed_keys_size() +
          resp.withdrawn_keys_size() + resp.removed_keys_size() ==
      0) {
    std::cout << _("no changes") << "\n";
  }
  return kExitOk;
}

int RunShow(v1n::AdminService::Stub& stub, const AdminConnection& conn,
            const ShowArgs& args) {
  v1n::ShowEntryRequest req;
  req.set_key(EntryKeyFor(args.what));
  if (args.sequence.has_value()) {
    req.set_from_snapshot(true);
    req.set_sequence(*args.sequence);
  }
  v1n::ShowEntryResponse resp;
  grpc::Status s = stub.ShowEntry(conn.Context().get(), req, &resp);
  if (!s.ok()) {
    PrintError("show", DescribeRpcError(s, conn.address));
    return ExitCodeOf(s);
  }
  if (conn.json) {
    std::cout << ToJson(resp) << std::endl;
    return kExitOk;
  }
  std::cout << req.key() << "  ("
            << (args.sequence.has_value()
                    ? absl::Substitute(_("as published in snapshot $0"),
                                       *args.sequence)
                : resp.published()
                    ? std::string(_("as published"))
                    : std::string(
                          _("not published yet: run disclosurectl publish")))
            << ")\n";
  // Every field that is set, as the difference from an empty entry.
  v1::DisclosureEntry empty;
  for (const FieldDifference& f : DiffFields(empty, resp.entry(), 10000)) {
    if (f.path == "key") continue;
    const size_t dot = f.path.find('.');
    std::cout << "  "
              << (dot == std::string::npos ? f.path : f.path.substr(dot + 1))
              << ": " << Labelled(f.after) << "\n";
  }
  return kExitOk;
}

void PrintStatus(const v1n::GetStatusResponse& resp) {
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  std::cout << Label(_("agency")) << resp.agency_id() << "\n"
            << Label(_("log origin")) << resp.log_origin() << "\n"
            << Label(_("signing key")) << resp.signing_vkey() << "\n"
            << Label(_("snapshots")) << resp.log_size() << "\n"
            << Label(_("database entries")) << resp.database_entries() << "\n"
            << Label(_("request records")) << resp.request_records() << "\n";
  std::cout << Label(_("last publication"));
  if (resp.has_latest()) {
    const auto& l = resp.latest();
    std::cout << absl::Substitute(
                     _("snapshot $0, $1 ($2), $3 entries; valid until $4 ($5)"),
                     l.sequence(), Relative(l.issued_at().seconds(), now),
                     When(l.issued_at().seconds()), l.entry_count(),
                     When(l.expires_at().seconds()),
                     Relative(l.expires_at().seconds(), now))
              << "\n";
  } else {
    std::cout << _("none yet") << "\n";
  }
  std::cout << Label(_("unpublished"));
  if (resp.unpublished_changes() < 0) {
    std::cout << _("nothing can be published before the agency profile is "
                   "imported (disclosurectl import profile FILE)")
              << "\n";
  } else if (resp.unpublished_changes() == 0) {
    std::cout << _("no changes since the last publication") << "\n";
  } else {
    std::cout << absl::Substitute(_("$0 entries differ from the last "
                                    "publication (disclosurectl diff shows "
                                    "them)"),
                                  resp.unpublished_changes())
              << "\n";
  }
  std::cout << Label(_("next publication"))
            << When(resp.next_scheduled_publish().seconds()) << " ("
            << Relative(resp.next_scheduled_publish().seconds(), now) << ")\n"
            << Label(_("store"))
            << (resp.store_problem().empty() ? _("writable")
                                             : resp.store_problem())
            << "\n";
  if (resp.periods().empty()) return;
  std::cout << _("statistics by period:") << "\n";
  for (const auto& p : resp.periods()) {
    std::cout << "  " << p.period() << "  "
              << absl::Substitute(_("$0 requests"), p.requests());
    if (p.open()) {
      std::cout << _(", still open (published once it ends)");
    } else if (p.published_version() == 0) {
      std::cout << _(", not published yet");
    } else {
      std::cout << absl::Substitute(_(", published as version $0"),
                                    p.published_version());
      if (p.published_requests() >= 0 && p.published_requests() != p.requests())
        std::cout << absl::Substitute(
            _(" with $0 requests (the next publication updates it)"),
            p.published_requests());
    }
    if (p.corrections() > 0)
      std::cout << absl::Substitute(_(", $0 correction(s)"), p.corrections());
    std::cout << "\n";
  }
}
}  // namespace

void AddNodeCommands(CLI::App& app, int* exit_code) {
  auto conn = std::make_shared<AdminConnection>();

  CLI::App* publish =
      app.add_subcommand("publish", _("Cut, sign and publish a snapshot now"));
  conn->AddOptions(publish);
  publish->callback([conn, exit_code] {
    *exit_code = WithStub("publish", *conn, [&](v1n::AdminService::Stub& stub) {
      v1n::PublishResponse resp;
      grpc::Status s = stub.Publish(conn->Context().get(), {}, &resp);
      if (!s.ok()) {
        PrintError("publish", DescribeRpcError(s, conn->address));
        return ExitCodeOf(s);
      }
      if (conn->json) {
        std::cout << ToJson(resp) << std::endl;
        return kExitOk;
      }
      const auto& snap = resp.snapshot();
      const int64_t now = absl::ToUnixSeconds(absl::Now());
      std::cout << absl::Substitute(
                       _("published snapshot $0 with $1 entries, signed by "
                         "the node; valid until $2 ($3)."),
                       snap.sequence(), snap.entry_count(),
                       When(snap.expires_at().seconds()),
                       Relative(snap.expires_at().seconds(), now))
                << "\n";
      if (!snap.witnessing().empty()) {
        std::cout << absl::Substitute(_("Witnesses: $0."), snap.witnessing())
                  << "\n";
      }
      std::cout << _("The hub collects it at its next harvest. "
                     "`disclosurectl snapshots --json` shows the signed "
                     "checkpoint.")
                << "\n";
      return kExitOk;
    });
  });

  auto backup_dir = std::make_shared<std::string>();
  CLI::App* backup = app.add_subcommand(
      "backup",
      _("Back the node's store up while it runs, into a folder on the node's "
        "machine (restore with disclosure-node restore)"));
  backup
      ->add_option("--to", *backup_dir,
                   _("Absolute folder on the node's machine, outside its "
                     "data_dir (later backups there are incremental)"))
      ->required();
  conn->AddOptions(backup);
  backup->callback([conn, backup_dir, exit_code] {
    *exit_code = WithStub("backup", *conn, [&](v1n::AdminService::Stub& stub) {
      v1n::BackupRequest req;
      req.set_backup_dir(*backup_dir);
      v1n::BackupResponse resp;
      grpc::Status s = stub.Backup(conn->Context().get(), req, &resp);
      if (!s.ok()) {
        PrintError("backup", DescribeRpcError(s, conn->address));
        return ExitCodeOf(s);
      }
      if (conn->json) {
        std::cout << ToJson(resp) << std::endl;
      } else {
        std::cout << absl::Substitute(
                         _("backup $0 written to $1: log size $2, $3 files, $4 "
                           "bytes"),
                         resp.backup_id(), resp.backup_dir(), resp.log_size(),
                         resp.number_files(), resp.size_bytes())
                  << "\n";
      }
      return kExitOk;
    });
  });

  auto limit = std::make_shared<uint32_t>(0);
  CLI::App* snapshots = app.add_subcommand(
      "snapshots", _("List published snapshots, newest first"));
  conn->AddOptions(snapshots);
  snapshots->add_option("--limit", *limit,
                        _("Show at most this many (0 = all)"));
  snapshots->callback([conn, limit, exit_code] {
    *exit_code =
        WithStub("snapshots", *conn, [&](v1n::AdminService::Stub& stub) {
          v1n::ListSnapshotsRequest req;
          req.set_limit(*limit);
          v1n::ListSnapshotsResponse resp;
          grpc::Status s =
              stub.ListSnapshots(conn->Context().get(), req, &resp);
          if (!s.ok()) {
            PrintError("snapshots", DescribeRpcError(s, conn->address));
            return ExitCodeOf(s);
          }
          if (conn->json) {
            std::cout << ToJson(resp) << std::endl;
          } else {
            if (resp.snapshots().empty())
              std::cout << _("no snapshot published yet") << "\n";
            for (const auto& snap : resp.snapshots()) PrintSummary(snap);
          }
          return kExitOk;
        });
  });

  auto diff_args = std::make_shared<std::vector<uint64_t>>();
  CLI::App* diff = app.add_subcommand(
      "diff",
      _("Show field by field what changed: with no snapshot, between the "
        "latest snapshot and what is not published yet; with A, between "
        "snapshot A and the unpublished state; with A B, between snapshots"));
  diff->add_option("SNAPSHOTS", *diff_args,
                   _("Snapshot sequences: none, A, or A B"))
      ->expected(0, 2);
  conn->AddOptions(diff);
  diff->callback([conn, diff_args, exit_code] {
    *exit_code = WithStub("diff", *conn, [&](v1n::AdminService::Stub& stub) {
      return RunDiff(stub, *conn, *diff_args);
    });
  });

  auto show_args = std::make_shared<ShowArgs>();
  CLI::App* show = app.add_subcommand(
      "show", _("Print one entry as it will be published: a database id, "
                "\"agency\", or a statistics period such as 2026-H1"));
  show->add_option("WHAT", show_args->what, _("Database id, agency, or period"))
      ->required();
  show->add_option("--snapshot", show_args->sequence,
                   _("Show it as published in this snapshot instead"));
  conn->AddOptions(show);
  show->callback([conn, show_args, exit_code] {
    *exit_code = WithStub("show", *conn, [&](v1n::AdminService::Stub& stub) {
      return RunShow(stub, *conn, *show_args);
    });
  });

  CLI::App* status = app.add_subcommand("status", _("Show the node's state"));
  conn->AddOptions(status);
  status->callback([conn, exit_code] {
    *exit_code = WithStub("status", *conn, [&](v1n::AdminService::Stub& stub) {
      v1n::GetStatusResponse resp;
      grpc::Status s = stub.GetStatus(conn->Context().get(), {}, &resp);
      if (!s.ok()) {
        PrintError("status", DescribeRpcError(s, conn->address));
        return ExitCodeOf(s);
      }
      if (conn->json) {
        std::cout << ToJson(resp) << std::endl;
        return kExitOk;
      }
      PrintStatus(resp);
      return kExitOk;
    });
  });
}

}  // namespace disclosure::cli

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
#include "core/enum_labels.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/message_diff.h"
#include "core/periods.h"
#include "format/encoding.h"
#include "tools/disclosurectl/admin_connection.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"
#include "transport/grpc_status.h"

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

template <typename Fn>
int WithNode(const char* command, const AdminConnection& conn, Fn call) {
  return CallService<v1n::AdminService>(command, conn, call);
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

void PrintDiff(const v1n::DiffSnapshotsResponse& resp,
               const std::string& from_words, const std::string& to_words) {
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
}

// `diff [A [B]]`: with no snapshot named, from the latest one (asked of the
// node first) to the unpublished state.
grpc::Status Diff(v1n::AdminService::Stub& stub, const AdminConnection& conn,
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
      DN_GRPC_RETURN_IF_ERROR(
          stub.GetStatus(conn.Context().get(), {}, &status));
      if (status.log_size() > 0) req.set_from_sequence(status.log_size() - 1);
      if (status.log_size() == 0) from_words = _("nothing published");
    }
  }
  if (from_words.empty())
    from_words = absl::Substitute(_("snapshot $0"), req.from_sequence());
  v1n::DiffSnapshotsResponse resp;
  DN_GRPC_RETURN_IF_ERROR(stub.DiffSnapshots(conn.Context().get(), req, &resp));
  PrintReply(conn, resp, [&](const v1n::DiffSnapshotsResponse& r) {
    PrintDiff(r, from_words, to_words);
  });
  return grpc::Status::OK;
}

void PrintEntry(const v1n::ShowEntryResponse& resp, const std::string& key,
                const std::optional<uint64_t>& sequence) {
  std::cout
      << key << "  ("
      << (sequence.has_value()
              ? absl::Substitute(_("as published in snapshot $0"), *sequence)
          : resp.published()
              ? std::string(_("as published"))
              : std::string(_("not published yet: run disclosurectl publish")))
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
}

void PrintPublished(const v1n::PublishResponse& resp) {
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
}

void PrintBackup(const v1n::BackupResponse& resp) {
  std::cout << absl::Substitute(
                   _("backup $0 written to $1: log size $2, $3 files, $4 "
                     "bytes"),
                   resp.backup_id(), resp.backup_dir(), resp.log_size(),
                   resp.number_files(), resp.size_bytes())
            << "\n";
}

void PrintSnapshots(const v1n::ListSnapshotsResponse& resp) {
  if (resp.snapshots().empty())
    std::cout << _("no snapshot published yet") << "\n";
  for (const auto& snap : resp.snapshots()) PrintSummary(snap);
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

void AddPublish(CLI::App& app, std::shared_ptr<AdminConnection> conn,
                int* exit_code) {
  CLI::App* cmd =
      app.add_subcommand("publish", _("Cut, sign and publish a snapshot now"));
  conn->AddOptions(cmd);
  cmd->callback([conn, exit_code] {
    *exit_code = WithNode("publish", *conn, [&](auto& stub) {
      v1n::PublishResponse resp;
      DN_GRPC_RETURN_IF_ERROR(stub.Publish(conn->Context().get(), {}, &resp));
      PrintReply(*conn, resp, PrintPublished);
      return grpc::Status::OK;
    });
  });
}

void AddBackup(CLI::App& app, std::shared_ptr<AdminConnection> conn,
               int* exit_code) {
  auto backup_dir = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "backup",
      _("Back the node's store up while it runs, into a folder on the node's "
        "machine (restore with disclosure-node restore)"));
  cmd->add_option("--to", *backup_dir,
                  _("Absolute folder on the node's machine, outside its "
                    "data_dir (later backups there are incremental)"))
      ->required();
  conn->AddOptions(cmd);
  cmd->callback([conn, backup_dir, exit_code] {
    *exit_code = WithNode("backup", *conn, [&](auto& stub) {
      v1n::BackupRequest req;
      req.set_backup_dir(*backup_dir);
      v1n::BackupResponse resp;
      DN_GRPC_RETURN_IF_ERROR(stub.Backup(conn->Context().get(), req, &resp));
      PrintReply(*conn, resp, PrintBackup);
      return grpc::Status::OK;
    });
  });
}

void AddSnapshots(CLI::App& app, std::shared_ptr<AdminConnection> conn,
                  int* exit_code) {
  auto limit = std::make_shared<uint32_t>(0);
  CLI::App* cmd = app.add_subcommand(
      "snapshots", _("List published snapshots, newest first"));
  conn->AddOptions(cmd);
  cmd->add_option("--limit", *limit, _("Show at most this many (0 = all)"));
  cmd->callback([conn, limit, exit_code] {
    *exit_code = WithNode("snapshots", *conn, [&](auto& stub) {
      v1n::ListSnapshotsRequest req;
      req.set_limit(*limit);
      v1n::ListSnapshotsResponse resp;
      DN_GRPC_RETURN_IF_ERROR(
          stub.ListSnapshots(conn->Context().get(), req, &resp));
      PrintReply(*conn, resp, PrintSnapshots);
      return grpc::Status::OK;
    });
  });
}

void AddDiff(CLI::App& app, std::shared_ptr<AdminConnection> conn,
             int* exit_code) {
  auto args = std::make_shared<std::vector<uint64_t>>();
  CLI::App* cmd = app.add_subcommand(
      "diff",
      _("Show field by field what changed: with no snapshot, between the "
        "latest snapshot and what is not published yet; with A, between "
        "snapshot A and the unpublished state; with A B, between snapshots"));
  cmd->add_option("SNAPSHOTS", *args, _("Snapshot sequences: none, A, or A B"))
      ->expected(0, 2);
  conn->AddOptions(cmd);
  cmd->callback([conn, args, exit_code] {
    *exit_code = WithNode("diff", *conn,
                          [&](auto& stub) { return Diff(stub, *conn, *args); });
  });
}

void AddShow(CLI::App& app, std::shared_ptr<AdminConnection> conn,
             int* exit_code) {
  auto args = std::make_shared<ShowArgs>();
  CLI::App* cmd = app.add_subcommand(
      "show", _("Print one entry as it will be published: a database id, "
                "\"agency\", or a statistics period such as 2026-H1"));
  cmd->add_option("WHAT", args->what, _("Database id, agency, or period"))
      ->required();
  cmd->add_option("--snapshot", args->sequence,
                  _("Show it as published in this snapshot instead"));
  conn->AddOptions(cmd);
  cmd->callback([conn, args, exit_code] {
    *exit_code = WithNode("show", *conn, [&](auto& stub) {
      v1n::ShowEntryRequest req;
      req.set_key(EntryKeyFor(args->what));
      if (args->sequence.has_value()) {
        req.set_from_snapshot(true);
        req.set_sequence(*args->sequence);
      }
      v1n::ShowEntryResponse resp;
      DN_GRPC_RETURN_IF_ERROR(
          stub.ShowEntry(conn->Context().get(), req, &resp));
      PrintReply(*conn, resp, [&](const v1n::ShowEntryResponse& r) {
        PrintEntry(r, req.key(), args->sequence);
      });
      return grpc::Status::OK;
    });
  });
}

void AddStatus(CLI::App& app, std::shared_ptr<AdminConnection> conn,
               int* exit_code) {
  CLI::App* cmd = app.add_subcommand("status", _("Show the node's state"));
  conn->AddOptions(cmd);
  cmd->callback([conn, exit_code] {
    *exit_code = WithNode("status", *conn, [&](auto& stub) {
      v1n::GetStatusResponse resp;
      DN_GRPC_RETURN_IF_ERROR(stub.GetStatus(conn->Context().get(), {}, &resp));
      PrintReply(*conn, resp, PrintStatus);
      return grpc::Status::OK;
    });
  });
}

}  // namespace

void AddNodeCommands(CLI::App& app, int* exit_code) {
  auto conn = std::make_shared<AdminConnection>();
  AddPublish(app, conn, exit_code);
  AddBackup(app, conn, exit_code);
  AddSnapshots(app, conn, exit_code);
  AddDiff(app, conn, exit_code);
  AddShow(app, conn, exit_code);
  AddStatus(app, conn, exit_code);
}

}  // namespace disclosure::cli

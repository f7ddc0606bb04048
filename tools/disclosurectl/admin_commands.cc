// disclosurectl publish / snapshots / diff / status: agency IT talking to
// its node's admin service.
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/encoding.h"
#include "core/json.h"
#include "core/periods.h"
#include "tools/disclosurectl/admin_connection.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"

namespace disclosure::cli {
namespace {

namespace v1n = disclosure::v1::node;

std::string Time(const google::protobuf::Timestamp& t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S %Ez",
                          absl::FromUnixSeconds(t.seconds()), TaipeiTime());
}

void PrintSummary(const v1n::SnapshotSummary& s) {
  std::cout << "snapshot " << s.sequence() << ": " << s.entry_count()
            << " entries, root " << HexEncode(s.entries_root()).substr(0, 16)
            << "..., issued " << Time(s.issued_at()) << ", expires "
            << Time(s.expires_at()) << "\n";
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

}  // namespace

void AddAdminCommands(CLI::App& app, int* exit_code) {
  auto conn = std::make_shared<AdminConnection>();

  CLI::App* publish =
      app.add_subcommand("publish", "Cut, sign and publish a snapshot now");
  conn->AddOptions(publish);
  publish->callback([conn, exit_code] {
    *exit_code = WithStub("publish", *conn, [&](v1n::AdminService::Stub& stub) {
      v1n::PublishResponse resp;
      grpc::Status s = stub.Publish(conn->Context().get(), {}, &resp);
      if (!s.ok()) {
        PrintError("publish", DescribeRpcError(s, conn->address));
        return s.error_code() == grpc::StatusCode::FAILED_PRECONDITION
                   ? kExitInvalid
                   : kExitFailure;
      }
      if (conn->json) {
        std::cout << ToJson(resp) << std::endl;
      } else {
        PrintSummary(resp.snapshot());
        std::cout << resp.snapshot().checkpoint();
      }
      return kExitOk;
    });
  });

  auto backup_dir = std::make_shared<std::string>();
  CLI::App* backup = app.add_subcommand(
      "backup",
      "Back the node's store up while it runs, into a folder on the node's "
      "machine (restore with disclosure-node restore)");
  backup
      ->add_option("--to", *backup_dir,
                   "Absolute folder on the node's machine, outside its "
                   "data_dir (later backups there are incremental)")
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
        return s.error_code() == grpc::StatusCode::INVALID_ARGUMENT
                   ? kExitUsage
                   : kExitFailure;
      }
      if (conn->json) {
        std::cout << ToJson(resp) << std::endl;
      } else {
        std::cout << "backup " << resp.backup_id() << " written to "
                  << resp.backup_dir() << ": log size " << resp.log_size()
                  << ", " << resp.number_files() << " files, "
                  << resp.size_bytes() << " bytes\n";
      }
      return kExitOk;
    });
  });

  auto limit = std::make_shared<uint32_t>(0);
  CLI::App* snapshots =
      app.add_subcommand("snapshots", "List published snapshots, newest first");
  conn->AddOptions(snapshots);
  snapshots->add_option("--limit", *limit, "Show at most this many (0 = all)");
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
            return kExitFailure;
          }
          if (conn->json) {
            std::cout << ToJson(resp) << std::endl;
          } else {
            if (resp.snapshots().empty())
              std::cout << "no snapshot published yet\n";
            for (const auto& snap : resp.snapshots()) PrintSummary(snap);
          }
          return kExitOk;
        });
  });

  auto from = std::make_shared<uint64_t>(0);
  auto to = std::make_shared<uint64_t>(0);
  CLI::App* diff =
      app.add_subcommand("diff", "Show what changed between snapshots A and B");
  diff->add_option("A", *from, "Earlier snapshot sequence")->required();
  diff->add_option("B", *to, "Later snapshot sequence")->required();
  conn->AddOptions(diff);
  diff->callback([conn, from, to, exit_code] {
    *exit_code = WithStub("diff", *conn, [&](v1n::AdminService::Stub& stub) {
      v1n::DiffSnapshotsRequest req;
      req.set_from_sequence(*from);
      req.set_to_sequence(*to);
      v1n::DiffSnapshotsResponse resp;
      grpc::Status s = stub.DiffSnapshots(conn->Context().get(), req, &resp);
      if (!s.ok()) {
        PrintError("diff", DescribeRpcError(s, conn->address));
        return s.error_code() == grpc::StatusCode::NOT_FOUND ? kExitUsage
                                                             : kExitFailure;
      }
      if (conn->json) {
        std::cout << ToJson(resp) << std::endl;
        return kExitOk;
      }
      for (const auto& k : resp.added_keys())
        std::cout << "added     " << k << "\n";
      for (const auto& k : resp.changed_keys())
        std::cout << "changed   " << k << "\n";
      for (const auto& k : resp.withdrawn_keys())
        std::cout << "withdrawn " << k << "\n";
      for (const auto& k : resp.removed_keys())
        std::cout << "removed   " << k << "\n";
      if (resp.added_keys_size() + resp.changed_keys_size() +
              resp.withdrawn_keys_size() + resp.removed_keys_size() ==
          0) {
        std::cout << "no changes between snapshot " << *from << " and " << *to
                  << "\n";
      }
      return kExitOk;
    });
  });

  CLI::App* status = app.add_subcommand("status", "Show the node's state");
  conn->AddOptions(status);
  status->callback([conn, exit_code] {
    *exit_code = WithStub("status", *conn, [&](v1n::AdminService::Stub& stub) {
      v1n::GetStatusResponse resp;
      grpc::Status s = stub.GetStatus(conn->Context().get(), {}, &resp);
      if (!s.ok()) {
        PrintError("status", DescribeRpcError(s, conn->address));
        return kExitFailure;
      }
      if (conn->json) {
        std::cout << ToJson(resp) << std::endl;
        return kExitOk;
      }
      std::cout << "agency            " << resp.agency_id() << "\n"
                << "log origin        " << resp.log_origin() << "\n"
                << "signing key       " << resp.signing_vkey() << "\n"
                << "snapshots         " << resp.log_size() << "\n"
                << "database entries  " << resp.database_entries() << "\n"
                << "request records   " << resp.request_records() << "\n"
                << "next publication  " << Time(resp.next_scheduled_publish())
                << "\n"
                << "store             "
                << (resp.store_problem().empty() ? "writable"
                                                 : resp.store_problem())
                << "\n";
      if (resp.has_latest()) {
        std::cout << "latest            ";
        PrintSummary(resp.latest());
      }
      return kExitOk;
    });
  });
}

}  // namespace disclosure::cli

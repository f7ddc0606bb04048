// disclosure-witness: a stand-alone transparency-log witness
// (c2sp.org/tlog-witness) for the agencies' logs, run by a body independent
// of the agencies and of the coordinating office.
//
//   disclosure-witness --config witness.textproto [--init]
//
// Remembers the latest checkpoint of every agency log it follows and
// cosigns only checkpoints consistent with it, so that no agency can show
// two histories without the witnesses noticing. SIGHUP re-reads the log
// keys (log_vkeys_file) and reopens --log_file; SIGTERM or SIGINT stops it.
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "core/key_file.h"
#include "core/log_flags.h"
#include "core/logging.h"
#include "core/usage.h"
#include "format/status_macros.h"
#include "witness/http_server.h"
#include "witness/witness.h"
#include "witness/witness_config.h"
#include "witness/witness_store.h"

ABSL_FLAG(std::string, config, "",
          "WitnessConfig file in protobuf text format");
ABSL_FLAG(bool, init, false,
          "create the witness's store in data_dir; needed once, on the first "
          "start (a witness that lost its store must not start afresh "
          "unnoticed)");

namespace {

using namespace disclosure;

constexpr char kSynopsis[] = "disclosure-witness --config FILE [--init]";

int Fail(int code, absl::string_view message) {
  LogError("witness", message);
  return code;
}

absl::StatusOr<std::shared_ptr<const NoteSigner>> LoadCosigner(
    const std::string& path) {
  DN_ASSIGN_OR_RETURN(NamedSigningKey key, ReadPrivateKeyFile(path));
  if (key.type != SignatureType::kCosignatureV1) {
    return absl::InvalidArgumentError(
        absl::StrCat(path,
                     " is not a cosignature key (disclosurectl keygen --type "
                     "cosignature --name <witness name>)"));
  }
  DN_ASSIGN_OR_RETURN(std::unique_ptr<NoteSigner> signer, NewNoteSigner(key));
  return std::shared_ptr<const NoteSigner>(std::move(signer));
}

}  // namespace

int main(int argc, char** argv) {
  PrepareCommandLine(
      argc, argv,
      {"disclosure-witness",
       kSynopsis,
       "A transparency-log witness (c2sp.org/tlog-witness) for the agencies' "
       "logs: POST\n/add-checkpoint on the listen address. It cosigns a "
       "checkpoint only when it is\nconsistent with the latest one it "
       "cosigned for that log. SIGHUP re-reads\nlog_vkeys_file and reopens "
       "--log_file; SIGTERM or SIGINT stops it cleanly.",
       {"config", "init", kLogFormatFlag, kLogFileFlag},
       "  0  stopped cleanly (SIGTERM or SIGINT)\n"
       "  1  could not start: the message names the problem and what to do\n"
       "  2  bad command line or configuration (the field is named)"});
  absl::SetProgramUsageMessage(kSynopsis);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string path = absl::GetFlag(FLAGS_config);
  if (path.empty() || args.size() > 1) {
    std::cerr << "disclosure-witness: usage: " << kSynopsis
              << "\n(disclosure-witness --help says more)" << std::endl;
    return 2;
  }
  if (absl::Status s = ApplyLogFlags(); !s.ok()) {
    std::cerr << "disclosure-witness: " << s.message() << std::endl;
    return 2;
  }
  auto config = witness::LoadWitnessConfig(path);
  if (!config.ok()) return Fail(2, config.status().message());
  auto vkeys = witness::LogVkeys(*config);
  if (!vkeys.ok()) return Fail(2, vkeys.status().message());
  auto cosigner = LoadCosigner(config->key_file());
  if (!cosigner.ok()) return Fail(1, cosigner.status().message());
  auto store = witness::RocksWitnessStore::Open(config->data_dir(),
                                                absl::GetFlag(FLAGS_init));
  if (!store.ok()) {
    std::string hint = absl::IsNotFound(store.status())
                           ? " (on the first start, pass --init)"
                           : "";
    return Fail(1, absl::StrCat(store.status().message(), hint));
  }
  auto w = witness::Witness::Create(*cosigner, store->get(), *vkeys);
  if (!w.ok()) return Fail(2, w.status().message());

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  witness::HttpServerOptions options;
  options.threads = static_cast<int>(config->threads());
  auto server =
      witness::WitnessHttpServer::Start(config->listen(), w->get(), options);
  if (!server.ok()) return Fail(1, server.status().message());
  LogLine("witness",
          absl::StrCat("witness ", (*cosigner)->key_name(), " listening on ",
                       config->listen().substr(0, config->listen().rfind(':')),
                       ":", (*server)->port(), " (POST /add-checkpoint); ",
                       vkeys->size(), " log keys"));
  for (;;) {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig != SIGHUP) break;
    if (absl::Status s = ReopenLogFile(); !s.ok())
      LogError("witness", s.message());
    auto again = witness::LogVkeys(*config);
    absl::Status s = again.ok() ? (*w)->SetLogs(*again) : again.status();
    if (!s.ok()) {
      LogError("witness", absl::StrCat("reload refused, keeping the keys in "
                                       "use: ",
                                       s.message()));
    } else {
      LogLine("witness",
              absl::StrCat("reloaded: ", again->size(), " log keys"));
    }
  }
  (*server)->Stop();
  LogLine("witness", "stopped");
  return 0;
}

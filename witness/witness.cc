#include "witness/witness.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "core/logging.h"
#include "format/merkle.h"
#include "format/merkle_verify.h"
#include "format/note_keys.h"
#include "format/status_macros.h"

namespace disclosure::witness {
namespace {

Witness::Reply Answer(int status, absl::string_view body) {
  Witness::Reply r;
  r.status = status;
  r.body = absl::StrCat(body, "\n");
  return r;
}

Witness::Reply Conflict(uint64_t latest) {
  Witness::Reply r;
  r.status = 409;
  r.content_type = kTlogSizeContentType;
  r.body = FormatTlogSize(latest);
  return r;
}

}  // namespace

absl::StatusOr<Witness::Logs> Witness::BuildLogs(
    const std::vector<std::string>& vkeys) {
  std::map<std::string, std::shared_ptr<Log>> building;
  for (const std::string& vkey : vkeys) {
    absl::StatusOr<VerifierKey> key = ParseVerifierKey(vkey);
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("log key \"", vkey, "\": ", key.status().message()));
    }
    if (key->type != SignatureType::kEd25519) {
      return absl::InvalidArgumentError(absl::StrCat(
          "log key \"", vkey, "\" is not a note signing key (Ed25519)"));
    }
    DN_ASSIGN_OR_RETURN(std::unique_ptr<NoteVerifier> v, NewNoteVerifier(vkey));
    auto& log = building[key->name];
    if (!log) log = std::make_shared<Log>();
    if (std::find(log->vkeys.begin(), log->vkeys.end(), vkey) !=
        log->vkeys.end()) {
      continue;
    }
    log->vkeys.push_back(vkey);
    log->verifiers.push_back(std::move(v));
  }
  Logs logs;
  for (auto& [origin, log] : building) logs[origin] = std::move(log);
  return logs;
}

absl::StatusOr<std::unique_ptr<Witness>> Witness::Create(
    std::shared_ptr<const NoteSigner> cosigner, WitnessStore* store,
    const std::vector<std::string>& log_vkeys) {
  if (cosigner == nullptr || store == nullptr) {
    return absl::InvalidArgumentError("a witness needs a cosigner and a store");
  }
  std::unique_ptr<Witness> w(new Witness(std::move(cosigner), store));
  DN_RETURN_IF_ERROR(w->SetLogs(log_vkeys));
  return w;
}

absl::Status Witness::SetLogs(const std::vector<std::string>& log_vkeys) {
  DN_ASSIGN_OR_RETURN(Logs logs, BuildLogs(log_vkeys));
  absl::MutexLock lock(&mu_);
  logs_ = std::move(logs);
  return absl::OkStatus();
}

absl::Status Witness::AddLogKeys(const std::vector<std::string>& log_vkeys) {
  absl::MutexLock lock(&mu_);
  // Usually every key is followed already: then nothing is rebuilt.
  bool all_known = true;
  for (const std::string& vkey : log_vkeys) {
    absl::StatusOr<VerifierKey> key = ParseVerifierKey(vkey);
    auto it = key.ok() ? logs_.find(key->name) : logs_.end();
    if (it == logs_.end() ||
        std::find(it->second->vkeys.begin(), it->second->vkeys.end(), vkey) ==
            it->second->vkeys.end()) {
      all_known = false;
      break;
    }
  }
  if (all_known) return absl::OkStatus();
  std::vector<std::string> all;
  for (const auto& [origin, log] : logs_) {
    all.insert(all.end(), log->vkeys.begin(), log->vkeys.end());
  }
  all.insert(all.end(), log_vkeys.begin(), log_vkeys.end());
  DN_ASSIGN_OR_RETURN(Logs logs, BuildLogs(all));
  logs_ = std::move(logs);
  return absl::OkStatus();
}

absl::Mutex& Witness::OriginMutex(const std::string& origin) {
  absl::MutexLock lock(&mu_);
  auto& m = origin_mu_[origin];
  if (!m) m = std::make_unique<absl::Mutex>();
  return *m;
}

Witness::Reply Witness::AddCheckpoint(absl::string_view body) {
  absl::StatusOr<AddCheckpointRequest> request = ParseAddCheckpoint(body);
  if (!request.ok()) return Answer(400, request.status().message());
  return Check(*std::move(request), nullptr);
}

absl::StatusOr<std::string> Witness::Cosign(absl::string_view note,
                                            const Prover& prove) {
  AddCheckpointRequest request;
  request.checkpoint = std::string(note);
  Reply r = Check(std::move(request), &prove);
  if (r.status != 200) {
    std::string why(absl::StripTrailingAsciiWhitespace(r.body));
    if (r.status == 409) {
      why = absl::StrCat("the witness holds another checkpoint of size ", why,
                         " for this log");
    }
    return absl::FailedPreconditionError(
        absl::StrCat("witness refused (", r.status, "): ", why));
  }
  return absl::StrCat(note, r.body);
}

Witness::Reply Witness::Check(AddCheckpointRequest request,
                              const Prover* prove) {
  absl::StatusOr<ParsedNote> note = ParseNote(request.checkpoint);
  if (!note.ok()) {
    return Answer(400,
                  absl::StrCat("checkpoint note: ", note.status().message()));
  }
  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(note->text);
  if (!cp.ok()) {
    return Answer(400, absl::StrCat("checkpoint: ", cp.status().message()));
  }
  std::shared_ptr<const Log> log;
  {
    absl::MutexLock lock(&mu_);
    auto it = logs_.find(cp->origin);
    if (it != logs_.end()) log = it->second;
  }
  if (log == nullptr) {
    return Answer(404, absl::StrCat("unknown log \"", cp->origin, "\""));
  }
  std::vector<const NoteVerifier*> keys;
  for (const auto& v : log->verifiers) keys.push_back(v.get());
  if (!OpenParsedNote(*note, keys).ok()) {
    return Answer(403, absl::StrCat("no valid signature by a key of \"",
                                    cp->origin, "\""));
  }
  if (prove == nullptr && request.old_size > cp->size) {
    return Answer(400,
                  absl::StrCat("old size ", request.old_size,
                               " is larger than the checkpoint's ", cp->size));
  }
  Reply r;
  uint64_t before = 0;
  {
    absl::MutexLock lock(&OriginMutex(cp->origin));
    before = request.old_size;
    r = CheckAgainstLatest(request, *cp, note->text, prove);
  }
  // Only offers over HTTP: Cosign's caller holds the log already.
  if (r.status == 200 && prove == nullptr && cp->size > before && on_growth_) {
    on_growth_(cp->origin, cp->size);
  }
  return r;
}

Witness::Reply Witness::CheckAgainstLatest(const AddCheckpointRequest& request,
                                           const Checkpoint& cp,
                                           const std::string& text,
                                           const Prover* prove) {
  absl::StatusOr<std::optional<std::string>> stored = store_->Latest(cp.origin);
  if (!stored.ok()) return Answer(500, "the witness store cannot be read");
  Checkpoint latest{cp.origin, 0, EmptyRoot(), {}};
  if (stored->has_value()) {
    absl::StatusOr<ParsedNote> n = ParseNote(**stored);
    absl::StatusOr<Checkpoint> c = n.ok()
                                       ? ParseCheckpoint(n->text)
                                       : absl::StatusOr<Checkpoint>(n.status());
    if (!c.ok())
      return Answer(500, "the witness store holds a damaged checkpoint");
    latest = *c;
  }
  uint64_t old_size = request.old_size;
  std::vector<Hash> proof = request.proof;
  if (prove != nullptr) {
    old_size = latest.size;
    if (old_size > cp.size) return Conflict(latest.size);
    if (old_size > 0 && old_size < cp.size) {
      absl::StatusOr<std::vector<Hash>> p = (*prove)(old_size, cp.size);
      if (!p.ok()) return Answer(422, p.status().message());
      proof = *std::move(p);
    }
  }
  if (old_size != latest.size) return Conflict(latest.size);
  auto refuse = [&](int status, absl::string_view why) {
    LogLine("witness",
            absl::StrCat(cp.origin, ": refused a checkpoint of size ", cp.size,
                         ": ", why));
    // Best effort: the refusal stands whether or not it was recorded.
    (void)store_->RecordRefused(cp.origin, request.checkpoint, why);
    return status == 409 ? Conflict(latest.size) : Answer(status, why);
  };
  if (old_size == cp.size) {
    if (cp.root != latest.root) {
      return refuse(409, absl::StrCat("another checkpoint of size ", cp.size,
                                      " was cosigned before"));
    }
  } else if (old_size == 0) {
    if (!proof.empty())
      return Answer(422, "the proof must be empty from size 0");
  } else if (absl::Status s = VerifyConsistency(old_size, cp.size, latest.root,
                                                cp.root, proof);
             !s.ok()) {
    return refuse(422,
                  absl::StrCat("not consistent with the checkpoint of size ",
                               old_size, " cosigned before"));
  }
  absl::StatusOr<std::string> sig = cosigner_->Sign(text);
  if (!sig.ok()) return Answer(500, "cannot cosign");
  if (cp.size != latest.size || !stored->has_value()) {
    if (!store_->PutLatest(cp.origin, request.checkpoint).ok()) {
      return Answer(500, "the witness store cannot be written");
    }
  }
  Reply r;
  r.body = FormatSignatureLine(
      {cosigner_->key_name(), cosigner_->key_id(), *std::move(sig)});
  return r;
}

absl::StatusOr<std::optional<Checkpoint>> Witness::Latest(
    absl::string_view origin) const {
  DN_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                      store_->Latest(origin));
  if (!stored.has_value()) return std::optional<Checkpoint>();
  absl::StatusOr<ParsedNote> n = ParseNote(*stored);
  if (!n.ok()) return absl::DataLossError("stored checkpoint is malformed");
  absl::StatusOr<Checkpoint> c = ParseCheckpoint(n->text);
  if (!c.ok()) return absl::DataLossError("stored checkpoint is malformed");
  return std::optional<Checkpoint>(*std::move(c));
}

}  // namespace disclosure::witness

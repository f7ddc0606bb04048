#include "hub/harvest/harvest_steps.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "format/encoding.h"
#include "format/entry_key.h"
#include "format/key_rotation.h"
#include "format/limits.h"
#include "format/manifest.h"
#include "format/merkle.h"
#include "format/merkle_verify.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
namespace v1n = disclosure::v1::node;

HarvestFailure Fail(FailureKind kind, std::string detail) {
  return {kind, std::move(detail)};
}

struct Verifiers {
  std::vector<std::unique_ptr<NoteVerifier>> owned;
  std::vector<const NoteVerifier*> known;
};

absl::StatusOr<Verifiers> MakeVerifiers(const std::vector<std::string>& vkeys) {
  Verifiers out;
  for (const std::string& k : vkeys) {
    DN_ASSIGN_OR_RETURN(std::unique_ptr<NoteVerifier> v, NewNoteVerifier(k));
    out.known.push_back(v.get());
    out.owned.push_back(std::move(v));
  }
  return out;
}

// Follows a rotation for a checkpoint signed by no trusted key: looks up
// the statement keys/<id> of at most `max_lookups` distinct unknown keys
// named after the log, and returns the new verifier key a trusted key
// signed over, with the statement's entry key and leaf hash.
struct Rotation {
  std::string new_vkey;
  std::string entry_key;
  std::string entry_hash;
};
StepResult<Rotation> FindRotation(const ParsedNote& note, uint64_t size,
                                  const std::string& origin,
                                  const std::vector<std::string>& trusted,
                                  uint32_t max_lookups, NodeSource& client) {
  std::set<uint32_t> tried;
  for (const NoteSignature& sig : note.signatures) {
    if (sig.key_name != origin || !tried.insert(sig.key_id).second) continue;
    if (tried.size() > max_lookups) break;
    const std::string key = RotationKey(sig.key_id);
    absl::StatusOr<v1n::GetEntryResponse> resp = client.GetEntry(size - 1, key);
    if (!resp.ok()) {
      HarvestFailure f = HarvestFailure::FromCall(resp.status());
      if (f.kind == FailureKind::kUnreachable) return f;
      continue;
    }
    if (!resp->has_present()) continue;
    absl::StatusOr<v1::DisclosureEntry> entry =
        ParseEntry(resp->present().entry());
    if (!entry.ok() || !entry->has_key_rotation()) continue;
    for (const std::string& old_vkey : trusted) {
      absl::StatusOr<KeyRotation> rotation = VerifyKeyRotation(
          entry->key_rotation().signed_statement(), origin, old_vkey);
      if (!rotation.ok()) continue;
      return Rotation{rotation->new_vkey, key,
                      ToString(HashLeaf(resp->present().entry()))};
    }
  }
  return Fail(FailureKind::kUnauthenticated,
              absl::StrCat("no signature by a known key (and no rotation "
                           "statement signed by one among the first ",
                           max_lookups, " unknown keys)"));
}

}  // namespace

StepResult<std::string> FetchCheckpoint(NodeSource& client) {
  absl::StatusOr<std::string> note = client.GetCheckpoint();
  if (!note.ok()) return HarvestFailure::FromCall(note.status());
  if (note->size() > kMaxNoteBytes) {
    return Fail(FailureKind::kOverLimit, "checkpoint note over 16 KiB");
  }
  return *std::move(note);
}

StepResult<VerifiedCheckpoint> VerifyCheckpoint(
    const std::string& note, const std::vector<std::string>& trusted_vkeys,
    const std::string& origin, uint64_t held_size, const HarvestPolicy& policy,
    NodeSource& client) {
  absl::StatusOr<ParsedNote> parsed = ParseNote(note);
  if (!parsed.ok()) {
    return Fail(FailureKind::kMalformed,
                absl::StrCat("checkpoint: ", parsed.status().message()));
  }
  // The text is parsed before any signature is checked only to bound the
  // work below; nothing in it is trusted until the signature verifies.
  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(parsed->text);
  if (!cp.ok()) {
    return Fail(FailureKind::kMalformed,
                absl::StrCat("checkpoint: ", cp.status().message()));
  }
  if (cp->origin != origin) {
    return Fail(
        FailureKind::kUnauthenticated,
        absl::StrCat("checkpoint origin ", cp->origin, " is not ", origin));
  }
  if (cp->size > held_size && cp->size - held_size > policy.max_new_manifests) {
    return Fail(FailureKind::kOverLimit,
                absl::StrCat("checkpoint claims ", cp->size - held_size,
                             " new snapshots since the last accepted; at most ",
                             policy.max_new_manifests,
                             " per harvest (limits.max_new_manifests_per_"
                             "harvest)"));
  }
  VerifiedCheckpoint out;
  out.note = note;
  out.trusted_vkeys = trusted_vkeys;
  absl::StatusOr<Verifiers> verifiers = MakeVerifiers(trusted_vkeys);
  if (!verifiers.ok()) {
    return Fail(
        FailureKind::kStore,
        absl::StrCat("trusted key unusable: ", verifiers.status().message()));
  }
  if (!HasSignatureByAnyOf(*parsed, verifiers->known) && cp->size > 0) {
    StepResult<Rotation> rotation =
        FindRotation(*parsed, cp->size, origin, trusted_vkeys,
                     policy.max_rotation_lookups, client);
    if (!rotation.ok()) return rotation.failure();
    absl::StatusOr<Verifiers> next = MakeVerifiers({rotation->new_vkey});
    if (!next.ok()) {
      return Fail(FailureKind::kMalformed,
                  absl::StrCat("rotation statement names an unusable key: ",
                               next.status().message()));
    }
    verifiers = *std::move(next);
    out.trusted_vkeys.push_back(rotation->new_vkey);
    out.rotation_key = rotation->entry_key;
    out.rotation_entry_hash = rotation->entry_hash;
  }
  absl::StatusOr<OpenedNote> opened =
      OpenParsedNote(*std::move(parsed), verifiers->known);
  if (!opened.ok()) {
    return Fail(FailureKind::kUnauthenticated,
                std::string(opened.status().message()));
  }
  out.checkpoint = *std::move(cp);
  return out;
}

StepResult<Growth> CheckAppendOnly(const v1h::AgencyState& held,
                                   const Checkpoint& cp, NodeSource& client) {
  const uint64_t held_size = held.log_size();
  if (cp.size < held_size) {
    return Fail(FailureKind::kRollback,
                absl::StrCat("rollback: checkpoint size ", cp.size,
                             " is below the ", held_size, " already signed"));
  }
  if (cp.size == held_size) {
    if (ToString(cp.root) == held.log_root()) return Growth::kUnchanged;
    return Fail(
        FailureKind::kFork,
        absl::StrCat("fork: two different checkpoints of size ", held_size));
  }
  // Growth was bounded in VerifyCheckpoint.
  if (held_size == 0) return Growth::kGrows;
  absl::StatusOr<v1::ConsistencyProof> proof =
      client.GetConsistencyProof(held_size, cp.size);
  if (!proof.ok()) return HarvestFailure::FromCall(proof.status());
  absl::StatusOr<Hash> old_root = HashFromBytes(held.log_root());
  if (!old_root.ok()) return Fail(FailureKind::kStore, "held log root corrupt");
  absl::StatusOr<std::vector<Hash>> hashes =
      HashesFromProto(proof->hashes(), kMaxConsistencyProofHashes);
  absl::Status ok = hashes.ok() ? VerifyConsistency(held_size, cp.size,
                                                    *old_root, cp.root, *hashes)
                                : hashes.status();
  if (!ok.ok()) {
    // An unsigned proof that fails proves nothing about the agency (it may
    // be garbled in transit): a refusal, retried later, not evidence.
    return Fail(FailureKind::kMalformed,
                absl::StrCat("consistency proof from ", held_size, " to ",
                             cp.size, " does not verify: ", ok.message()));
  }
  return Growth::kGrows;
}

StepResult<NewManifests> FetchManifests(
    const std::vector<std::string>& held_manifests, const Checkpoint& cp,
    const std::string& agency_id, const std::string& origin,
    const HarvestPolicy& policy, NodeSource& client) {
  MerkleTree log;
  for (const std::string& m : held_manifests) log.AppendLeaf(m);
  NewManifests out;
  for (uint64_t seq = held_manifests.size(); seq < cp.size; ++seq) {
    absl::StatusOr<v1n::GetManifestResponse> resp =
        client.GetManifest(seq, cp.size);
    if (!resp.ok()) return HarvestFailure::FromCall(resp.status());
    absl::StatusOr<v1::SnapshotManifest> m = ParseManifest(resp->manifest());
    if (!m.ok()) {
      return Fail(FailureKind::kMalformed,
                  absl::StrCat("manifest ", seq, ": ", m.status().message()));
    }
    if (m->agency_id() != agency_id || m->log_origin() != origin ||
        m->sequence() != seq) {
      return Fail(FailureKind::kMalformed,
                  absl::StrCat("manifest ", seq,
                               " belongs to another log or position"));
    }
    log.AppendLeaf(resp->manifest());
    out.bytes.push_back(resp->manifest());
    out.latest = *std::move(m);
  }
  if (log.Root() != cp.root) {
    return Fail(FailureKind::kTampered,
                "manifests do not reproduce the checkpoint root");
  }
  if (out.latest.entry_count() > policy.content.max_entries) {
    return Fail(
        FailureKind::kOverLimit,
        absl::StrCat("snapshot has ", out.latest.entry_count(),
                     " entries, over the limit of ", policy.content.max_entries,
                     " (limits.max_entries_per_snapshot)"));
  }
  return out;
}

StepFailure CheckTime(const v1::SnapshotManifest& latest,
                      const v1h::AgencyState& held, absl::Time now,
                      const HarvestPolicy& policy) {
  const int64_t issued = latest.issued_at().seconds();
  const int64_t expires = latest.expires_at().seconds();
  const int64_t now_s = absl::ToUnixSeconds(now);
  if (issued > now_s + absl::ToInt64Seconds(policy.max_clock_skew)) {
    return Fail(FailureKind::kBadTime,
                absl::StrCat("snapshot issued ", issued - now_s,
                             " s in the future (limits.max_clock_skew_seconds "
                             "allows ",
                             absl::ToInt64Seconds(policy.max_clock_skew), ")"));
  }
  if (expires - issued > absl::ToInt64Seconds(policy.max_validity)) {
    return Fail(
        FailureKind::kBadTime,
        absl::StrCat("snapshot valid for ", expires - issued, " s; at most ",
                     absl::ToInt64Seconds(policy.max_validity),
                     " (limits.max_snapshot_validity_seconds)"));
  }
  if (held.has_snapshot() && issued < held.issued_at()) {
    return Fail(FailureKind::kBadTime,
                "snapshot issued before the one already accepted");
  }
  return std::nullopt;
}

StepResult<std::unique_ptr<SnapshotAssembler>> FetchEntries(
    const std::string& agency_id, const v1h::SnapshotRecord* held_snapshot,
    uint64_t held_sequence, uint64_t target_sequence,
    const v1::SnapshotManifest& latest, const HarvestPolicy& policy,
    NodeSource& client) {
  auto assembler =
      std::make_unique<SnapshotAssembler>(agency_id, latest, policy.content);
  absl::Status received;
  if (held_snapshot != nullptr) {
    if (absl::Status s = assembler->StartFrom(*held_snapshot); !s.ok()) {
      return Fail(FailureKind::kStore, std::string(s.message()));
    }
    received = client.GetChanges(
        held_sequence, target_sequence, [&](const v1n::ChangesPage& page) {
          for (const std::string& key : page.removed_keys()) {
            DN_RETURN_IF_ERROR(assembler->Remove(key));
          }
          for (const std::string& bytes : page.upserted_entries()) {
            DN_RETURN_IF_ERROR(assembler->Upsert(bytes));
          }
          return absl::OkStatus();
        });
  } else {
    received =
        client.ListEntries(target_sequence, [&](const v1n::EntryPage& page) {
          for (const std::string& bytes : page.entries()) {
            DN_RETURN_IF_ERROR(assembler->AddListed(bytes));
          }
          return absl::OkStatus();
        });
  }
  if (!received.ok()) {
    // A status from the assembler names a content problem; one from the
    // call a transport or identity problem. Both arrive here as codes.
    HarvestFailure f = absl::IsInvalidArgument(received) ||
                               absl::IsResourceExhausted(received) ||
                               absl::IsDataLoss(received)
                           ? HarvestFailure::FromCheck(received)
                           : HarvestFailure::FromCall(received);
    return f.With("entries refused");
  }
  if (absl::Status s = assembler->Finish(); !s.ok()) {
    return HarvestFailure::FromCheck(s);
  }
  return assembler;
}

StepResult<std::string> CosignCheckpoint(
    const VerifiedCheckpoint& cp, const std::vector<std::string>& manifests,
    const Cosigning& how) {
  if (how.witness == nullptr) {
    absl::StatusOr<std::string> cosigned =
        AddNoteSignatures(cp.note, {how.cosigner});
    if (!cosigned.ok()) {
      return HarvestFailure{
          FailureKind::kStore,
          absl::StrCat("cannot cosign: ", cosigned.status().message())};
    }
    return *cosigned;
  }
  // The hub's witness checks the checkpoint against the latest it cosigned
  // (perhaps offered by the node over HTTP), with a proof from the log
  // replica, exactly as for an offer over HTTP. A cosignature line of the
  // hub's key that the node passed on is replaced, not trusted.
  absl::StatusOr<ParsedNote> parsed = ParseNote(cp.note);
  if (!parsed.ok()) {
    return HarvestFailure{FailureKind::kMalformed,
                          std::string(parsed.status().message())};
  }
  std::string without_own = parsed->text + "\n";
  bool have_own = false;
  for (const NoteSignature& s : parsed->signatures) {
    if (s.key_name == how.cosigner->key_name() &&
        s.key_id == how.cosigner->key_id()) {
      // Valid: the hub's witness cosigned exactly this checkpoint before.
      have_own =
          how.own != nullptr && how.own->Verify(parsed->text, s.signature).ok();
      continue;
    }
    without_own += FormatSignatureLine(s);
  }
  // A key the agency rotated to (its statement verified above) signs this
  // checkpoint: the witness follows it from now on.
  if (absl::Status s = how.witness->AddLogKeys(cp.trusted_vkeys); !s.ok()) {
    return HarvestFailure{FailureKind::kStore, std::string(s.message())};
  }
  MerkleTree tree;
  for (const std::string& m : manifests) tree.AppendLeaf(m);
  absl::StatusOr<std::string> c =
      have_own
          ? absl::StatusOr<std::string>(cp.note)
          : how.witness->Cosign(without_own, [&tree](uint64_t a, uint64_t b) {
              return tree.ConsistencyProof(a, b);
            });
  if (!c.ok()) {
    return HarvestFailure{FailureKind::kFork,
                          absl::StrCat("the hub's witness refused to cosign: ",
                                       c.status().message())};
  }
  std::string cosigned = *std::move(c);
  if (how.policy != nullptr && !how.policy->needs_no_witness()) {
    absl::StatusOr<std::set<std::string>> by =
        how.policy->VerifiedWitnesses(cosigned);
    if (!by.ok()) {
      return HarvestFailure{FailureKind::kUnauthenticated,
                            std::string(by.status().message())};
    }
    if (!how.policy->Satisfied(*by)) {
      return HarvestFailure{
          FailureKind::kUnauthenticated,
          absl::StrCat("the checkpoint lacks its witness quorum (needs ",
                       how.policy->Describe(), "; cosigned by ",
                       by->empty() ? "none" : absl::StrJoin(*by, ", "), ")")};
    }
  }
  return cosigned;
}

}  // namespace disclosure::hub

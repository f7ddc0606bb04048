#include "format/proof_bundle.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "format/cosignature.h"
#include "format/limits.h"
#include "format/manifest.h"
#include "format/merkle.h"
#include "format/merkle_verify.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"
#include "format/translation.h"
#include "format/withholding.h"

namespace disclosure {
namespace {

using disclosure::v1::ProofBundle;

absl::Status Wrap(const absl::Status& s, absl::string_view link) {
  return absl::Status(s.code(), absl::StrCat(link, ": ", s.message()));
}

bool IsOneOf(const NoteSignature& sig,
             const std::vector<const NoteVerifier*>& keys) {
  for (const NoteVerifier* k : keys) {
    if (k->key_name() == sig.key_name && k->key_id() == sig.key_id) return true;
  }
  return false;
}

// Checks the checkpoint's signatures and returns it with its cosignatures.
absl::Status VerifyCheckpointNote(const std::string& note,
                                  const BundleTrust& trust,
                                  VerifiedBundle* out) {
  if (trust.log_keys.empty()) {
    return absl::InvalidArgumentError(_("no agency key to verify against"));
  }
  std::vector<const NoteVerifier*> known = trust.log_keys;
  known.insert(known.end(), trust.witnesses.begin(), trust.witnesses.end());
  absl::StatusOr<OpenedNote> opened = OpenNote(note, known);
  if (!opened.ok()) return Wrap(opened.status(), "checkpoint");

  bool agency_signed = false;
  for (const NoteSignature& sig : opened->verified) {
    if (IsOneOf(sig, trust.log_keys)) agency_signed = true;
    if (IsOneOf(sig, trust.witnesses)) {
      absl::StatusOr<uint64_t> ts = CosignatureTimestamp(sig.signature);
      out->cosignatures.push_back({sig.key_name, ts.ok() ? *ts : uint64_t{0}});
    }
  }
  if (!agency_signed) {
    return absl::UnauthenticatedError(
        _("checkpoint: not signed by the agency's key"));
  }
  if (out->cosignatures.size() < trust.min_cosignatures) {
    return absl::UnauthenticatedError(
        absl::Substitute(_("checkpoint: $0 witness cosignatures, need $1"),
                         out->cosignatures.size(), trust.min_cosignatures));
  }
  DN_ASSIGN_OR_RETURN(Checkpoint cp, ParseCheckpoint(opened->text));
  if (cp.origin != trust.origin) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("checkpoint origin \"$0\" is not \"$1\""), cp.origin, trust.origin));
  }
  out->checkpoint = std::move(cp);
  return absl::OkStatus();
}

absl::Status VerifyManifest(const ProofBundle& bundle, VerifiedBundle* out) {
  const Checkpoint& cp = out->checkpoint;
  const auto& proof = bundle.manifest_proof();
  if (proof.tree_size() != cp.size) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("manifest proof is for log size $0, checkpoint has $1"),
        proof.tree_size(), cp.size));
  }
  if (bundle.manifest().size() > kMaxManifestBytes) {
    return absl::InvalidArgumentError(_("manifest is over the size limit"));
  }
  absl::StatusOr<std::vector<Hash>> path =
      HashesFromProto(proof.hashes(), kMaxInclusionProofHashes);
  if (!path.ok()) return Wrap(path.status(), _("manifest proof"));
  if (absl::Status s =
          VerifyInclusion(proof.leaf_index(), cp.size,
                          HashLeaf(bundle.manifest()), *path, cp.root);
      !s.ok()) {
    return Wrap(s, _("manifest not in checkpoint"));
  }
  DN_ASSIGN_OR_RETURN(disclosure::v1::SnapshotManifest m,
                      ParseManifest(bundle.manifest()));
  if (m.log_origin() != cp.origin) {
    return absl::InvalidArgumentError(_("manifest belongs to another log"));
  }
  if (m.sequence() != proof.leaf_index()) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("manifest sequence $0 is not its log position $1"),
                         m.sequence(), proof.leaf_index()));
  }
  out->manifest = std::move(m);
  return absl::OkStatus();
}

absl::Status VerifySubject(const ProofBundle& bundle, VerifiedBundle* out) {
  const Hash root = *HashFromBytes(out->manifest.entries_root());
  const uint64_t size = out->manifest.entry_count();
  switch (bundle.subject_case()) {
    case ProofBundle::kPresent: {
      auto entry = VerifyEntryProof(bundle.present(), root, size);
      if (!entry.ok()) return Wrap(entry.status(), _("entry not in snapshot"));
      // Signed, but against its format's rules (format/withholding.h): a
      // reader must not show it.
      DN_RETURN_IF_ERROR(
          CheckEntryFormat(*entry, out->manifest.format_version()));
      out->entry = *std::move(entry);
      return absl::OkStatus();
    }
    case ProofBundle::kAbsent: {
      if (absl::Status s = VerifyAbsenceProof(bundle.absent(), root, size);
          !s.ok()) {
        return Wrap(s, _("absence not proven"));
      }
      out->absent_key = bundle.absent().key();
      return absl::OkStatus();
    }
    case ProofBundle::SUBJECT_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError(
      _("bundle has neither an entry nor an absence proof"));
}

absl::Status VerifyAgainstTrusted(const ProofBundle& bundle,
                                  const Checkpoint& trusted,
                                  const Checkpoint& cp) {
  if (trusted.origin != cp.origin) {
    return absl::InvalidArgumentError(
        _("trusted checkpoint is of another log"));
  }
  if (cp.size < trusted.size) {
    return absl::FailedPreconditionError(absl::Substitute(
        _("checkpoint size $0 is smaller than the trusted size $1 (rollback)"),
        cp.size, trusted.size));
  }
  if (cp.size == trusted.size) {
    if (cp.root != trusted.root) {
      return absl::FailedPreconditionError(
          _("checkpoint has the trusted size but another root (fork)"));
    }
    return absl::OkStatus();
  }
  const auto& c = bundle.consistency();
  if (c.size1() != trusted.size || c.size2() != cp.size) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("bundle has no consistency proof from size $0 to $1"), trusted.size,
        cp.size));
  }
  absl::StatusOr<std::vector<Hash>> path =
      HashesFromProto(c.hashes(), kMaxConsistencyProofHashes);
  if (!path.ok()) return Wrap(path.status(), _("consistency proof"));
  if (absl::Status s = VerifyConsistency(trusted.size, cp.size, trusted.root,
                                         cp.root, *path);
      !s.ok()) {
    return absl::FailedPreconditionError(absl::Substitute(
        _("checkpoint is not consistent with the trusted one: $0"),
        s.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<VerifiedBundle> VerifyProofBundle(const ProofBundle& bundle,
                                                 const BundleTrust& trust) {
  if (bundle.format_version() > 1) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("bundle format version $0 is newer than this program reads (up to "
          "1): upgrade it"),
        bundle.format_version()));
  }
  if (bundle.format_version() != 1) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("bundle format version $0 is not supported"),
                         bundle.format_version()));
  }
  VerifiedBundle out;
  DN_RETURN_IF_ERROR(VerifyCheckpointNote(bundle.checkpoint(), trust, &out));
  DN_RETURN_IF_ERROR(VerifyManifest(bundle, &out));
  DN_RETURN_IF_ERROR(VerifySubject(bundle, &out));
  if (trust.trusted) {
    DN_RETURN_IF_ERROR(
        VerifyAgainstTrusted(bundle, *trust.trusted, out.checkpoint));
  }
  if (trust.now) {
    const auto& e = out.manifest.expires_at();
    out.expired =
        absl::FromUnixSeconds(e.seconds()) + absl::Nanoseconds(e.nanos()) <
        *trust.now;
  }
  return out;
}

absl::StatusOr<VerifiedBundle> VerifyProofBundleBytes(
    absl::string_view bundle_bytes, const BundleTrust& trust) {
  if (bundle_bytes.size() > kMaxProofBundleBytes) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("bundle is $0 bytes, over the limit of $1"),
                         bundle_bytes.size(), kMaxProofBundleBytes));
  }
  ProofBundle bundle;
  if (!bundle.ParseFromArray(bundle_bytes.data(),
                             static_cast<int>(bundle_bytes.size()))) {
    return absl::InvalidArgumentError(_("not a valid ProofBundle"));
  }
  return VerifyProofBundle(bundle, trust);
}

}  // namespace disclosure

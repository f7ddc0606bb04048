#include "format/snapshot_tree.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "format/entry_key.h"
#include "format/limits.h"
#include "format/merkle_verify.h"
#include "format/status_macros.h"
#include "format/translation.h"

namespace disclosure {

using disclosure::v1::AbsenceProof;
using disclosure::v1::DisclosureEntry;
using disclosure::v1::EntryWithProof;

absl::StatusOr<std::vector<Hash>> HashesFromProto(
    const google::protobuf::RepeatedPtrField<std::string>& hashes,
    size_t max_hashes) {
  if (static_cast<size_t>(hashes.size()) > max_hashes) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("proof has $0 hashes, more than the limit of $1"),
                         hashes.size(), max_hashes));
  }
  std::vector<Hash> out;
  out.reserve(hashes.size());
  for (const std::string& h : hashes) {
    absl::StatusOr<Hash> hash = HashFromBytes(h);
    if (!hash.ok()) {
      return absl::InvalidArgumentError(
          _("proof contains a hash that is not 32 bytes"));
    }
    out.push_back(*hash);
  }
  return out;
}

void HashesToProto(const std::vector<Hash>& hashes,
                   google::protobuf::RepeatedPtrField<std::string>* out) {
  out->Clear();
  for (const Hash& h : hashes) out->Add(ToString(h));
}

absl::StatusOr<DisclosureEntry> ParseEntry(absl::string_view bytes) {
  DisclosureEntry entry;
  DN_RETURN_IF_ERROR(ParseEntryInto(bytes, &entry));
  return entry;
}

absl::Status ParseEntryInto(absl::string_view bytes, DisclosureEntry* entry) {
  if (bytes.size() > kMaxEntryBytes) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("entry is $0 bytes, over the limit of $1"),
                         bytes.size(), kMaxEntryBytes));
  }
  if (!entry->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError(
        _("entry is not a valid DisclosureEntry"));
  }
  return ValidateEntryKey(*entry);
}

absl::StatusOr<SnapshotTree> SnapshotTree::Build(
    std::vector<std::string> entries) {
  if (entries.size() > kMaxEntriesPerSnapshot) {
    return absl::ResourceExhaustedError(
        absl::Substitute(_("snapshot has $0 entries, over the limit of $1"),
                         entries.size(), kMaxEntriesPerSnapshot));
  }
  SnapshotTree t;
  t.keys_.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    absl::StatusOr<DisclosureEntry> e = ParseEntry(entries[i]);
    if (!e.ok()) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("entry $0: $1"), i, e.status().message()));
    }
    if (i > 0 && !(t.keys_.back() < e->key())) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("entry $0 key \"$1\" is not after \"$2\": entries "
                             "must be sorted by key, without duplicates"),
                           i, e->key(), t.keys_.back()));
    }
    t.keys_.push_back(e->key());
    t.tree_.AppendLeaf(entries[i]);
  }
  t.entries_ = std::move(entries);
  t.root_ = t.tree_.Root();
  return t;
}

std::optional<uint64_t> SnapshotTree::Find(absl::string_view key) const {
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key,
                             [](const std::string& a, absl::string_view b) {
                               return absl::string_view(a) < b;
                             });
  if (it == keys_.end() || *it != key) return std::nullopt;
  return static_cast<uint64_t>(it - keys_.begin());
}

absl::StatusOr<EntryWithProof> SnapshotTree::ProveIndex(uint64_t i) const {
  if (i >= size()) {
    return absl::OutOfRangeError(
        absl::Substitute(_("entry index $0 is not below $1"), i, size()));
  }
  EntryWithProof out;
  out.set_entry(entries_[i]);
  out.mutable_proof()->set_leaf_index(i);
  out.mutable_proof()->set_tree_size(size());
  DN_ASSIGN_OR_RETURN(std::vector<Hash> path, tree_.InclusionProof(i, size()));
  HashesToProto(path, out.mutable_proof()->mutable_hashes());
  return out;
}

absl::StatusOr<EntryWithProof> SnapshotTree::ProveKey(
    absl::string_view key) const {
  std::optional<uint64_t> i = Find(key);
  if (!i) {
    return absl::NotFoundError(
        absl::Substitute(_("no entry with key \"$0\""), key));
  }
  return ProveIndex(*i);
}

absl::StatusOr<AbsenceProof> SnapshotTree::ProveAbsence(
    absl::string_view key) const {
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key,
                             [](const std::string& a, absl::string_view b) {
                               return absl::string_view(a) < b;
                             });
  if (it != keys_.end() && *it == key) {
    return absl::AlreadyExistsError(
        absl::Substitute(_("entry with key \"$0\" is present"), key));
  }
  const uint64_t succ = static_cast<uint64_t>(it - keys_.begin());
  AbsenceProof out;
  out.set_key(std::string(key));
  out.set_tree_size(size());
  if (succ > 0) {
    DN_ASSIGN_OR_RETURN(EntryWithProof p, ProveIndex(succ - 1));
    *out.mutable_predecessor() = std::move(p);
  }
  if (succ < size()) {
    DN_ASSIGN_OR_RETURN(EntryWithProof p, ProveIndex(succ));
    *out.mutable_successor() = std::move(p);
  }
  return out;
}

absl::StatusOr<DisclosureEntry> VerifyEntryProof(const EntryWithProof& proof,
                                                 const Hash& root,
                                                 uint64_t size) {
  if (proof.proof().tree_size() != size) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("entry proof is for a snapshot of $0 entries, not $1"),
        proof.proof().tree_size(), size));
  }
  if (proof.entry().size() > kMaxEntryBytes) {
    return absl::InvalidArgumentError(_("entry is over the size limit"));
  }
  DN_ASSIGN_OR_RETURN(
      std::vector<Hash> path,
      HashesFromProto(proof.proof().hashes(), kMaxInclusionProofHashes));
  if (absl::Status s = VerifyInclusion(proof.proof().leaf_index(), size,
                                       HashLeaf(proof.entry()), path, root);
      !s.ok()) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("entry proof: $0"), s.message()));
  }
  return ParseEntry(proof.entry());
}

absl::Status VerifyAbsenceProof(const AbsenceProof& proof, const Hash& root,
                                uint64_t size) {
  const std::string& key = proof.key();
  if (proof.tree_size() != size) {
    return absl::InvalidArgumentError(
        _("absence proof is for another snapshot size"));
  }
  if (size == 0) {
    if (proof.has_predecessor() || proof.has_successor()) {
      return absl::InvalidArgumentError(
          _("absence proof for an empty snapshot has neighbours"));
    }
    if (root != EmptyRoot()) {
      return absl::InvalidArgumentError(_("snapshot is not empty"));
    }
    return absl::OkStatus();
  }
  if (!proof.has_predecessor() && !proof.has_successor()) {
    return absl::InvalidArgumentError(_("absence proof has no neighbours"));
  }
  uint64_t pred_index = 0;
  if (proof.has_predecessor()) {
    absl::StatusOr<DisclosureEntry> e =
        VerifyEntryProof(proof.predecessor(), root, size);
    if (!e.ok()) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("predecessor: $0"), e.status().message()));
    }
    if (!(e->key() < key)) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("predecessor key \"$0\" does not sort before \"$1\""), e->key(),
          key));
    }
    pred_index = proof.predecessor().proof().leaf_index();
    if (!proof.has_successor() && pred_index != size - 1) {
      return absl::InvalidArgumentError(
          _("absence proof without successor must end at the last entry"));
    }
  }
  if (proof.has_successor()) {
    absl::StatusOr<DisclosureEntry> e =
        VerifyEntryProof(proof.successor(), root, size);
    if (!e.ok()) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("successor: $0"), e.status().message()));
    }
    if (!(key < e->key())) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("successor key \"$0\" does not sort after \"$1\""), e->key(), key));
    }
    const uint64_t succ_index = proof.successor().proof().leaf_index();
    if (proof.has_predecessor() && succ_index != pred_index + 1) {
      return absl::InvalidArgumentError(
          _("absence proof neighbours are not adjacent"));
    }
    if (!proof.has_predecessor() && succ_index != 0) {
      return absl::InvalidArgumentError(
          _("absence proof without predecessor must start at the first entry"));
    }
  }
  return absl::OkStatus();
}

}  // namespace disclosure

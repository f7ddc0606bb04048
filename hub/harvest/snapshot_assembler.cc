#include "hub/harvest/snapshot_assembler.h"

#include "absl/strings/str_cat.h"
#include "core/periods.h"
#include "format/encoding.h"
#include "format/merkle.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"
#include "format/withholding.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;

// The agency an entry speaks for ("" for entries with no agency field).
const std::string& Owner(const v1::DisclosureEntry& e) {
  static const std::string kNone;
  switch (e.body_case()) {
    case v1::DisclosureEntry::kAgencyProfile:
      return e.agency_profile().agency_id();
    case v1::DisclosureEntry::kDatabase:
      return e.database().agency_id();
    case v1::DisclosureEntry::kStatistics:
      return e.statistics().agency_id();
    default:
      return kNone;
  }
}

uint64_t LinkageCount(const v1::DisclosureEntry& e) {
  if (!e.has_database()) return 0;
  uint64_t n = static_cast<uint64_t>(e.database().linkages_size());
  for (const auto& use : e.database().out_of_purpose_uses()) {
    n += static_cast<uint64_t>(use.linked_entries_size());
  }
  return n;
}

}  // namespace

SnapshotAssembler::SnapshotAssembler(std::string agency_id,
                                     const v1::SnapshotManifest& manifest,
                                     ContentLimits limits)
    : agency_id_(std::move(agency_id)),
      entry_count_(manifest.entry_count()),
      format_version_(manifest.format_version()),
      entries_root_(manifest.entries_root()),
      limits_(limits) {}

absl::Status SnapshotAssembler::StartFrom(const v1::hub::SnapshotRecord& held) {
  if (held.keys_size() != held.leaf_hashes_size()) {
    return absl::InternalError("stored snapshot record is corrupt");
  }
  for (int i = 0; i < held.keys_size(); ++i) {
    hashes_[held.keys(i)] = held.leaf_hashes(i);
    held_.insert(held.keys(i));
  }
  return absl::OkStatus();
}

absl::Status SnapshotAssembler::Take(const std::string& bytes) {
  if (bytes.size() > limits_.max_entry_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "an entry of ", bytes.size(), " bytes is over the limit of ",
        limits_.max_entry_bytes, " (limits.max_entry_bytes)"));
  }
  bytes_ += bytes.size();
  if (bytes_ > limits_.max_snapshot_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "entries of this snapshot exceed ", limits_.max_snapshot_bytes,
        " bytes (limits.max_snapshot_bytes)"));
  }
  if (received_.size() >= entry_count_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("more entries sent than the ", entry_count_,
                     " the signed manifest counts"));
  }
  auto* e =
      google::protobuf::Arena::CreateMessage<v1::DisclosureEntry>(&arena_);
  if (absl::Status s = ParseEntryInto(bytes, e); !s.ok()) {
    return absl::InvalidArgumentError(s.message());
  }
  DN_RETURN_IF_ERROR(CheckEntryFormat(*e, format_version_));
  const std::string& owner = Owner(*e);
  if (!owner.empty() && owner != agency_id_) {
    return absl::InvalidArgumentError(
        absl::StrCat("entry ", e->key(), " claims agency ", owner,
                     " in the log of ", agency_id_));
  }
  if (const uint64_t n = LinkageCount(*e); n > limits_.max_linkages_per_entry) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "entry ", e->key(), " lists ", n, " linkages, over the limit of ",
        limits_.max_linkages_per_entry, " (limits.max_linkages_per_entry)"));
  }
  if (e->has_statistics()) {
    absl::StatusOr<Period> p = PeriodFromLabel(e->statistics().period());
    if (p.ok() && p->end > limits_.statistics_ended_by) {
      return absl::InvalidArgumentError(
          absl::StrCat("entry ", e->key(), " gives statistics of period ",
                       e->statistics().period(),
                       ", which by the hub's clock has not ended "
                       "yet (it ends ",
                       TaipeiDate(p->end), "): is the node's clock ahead?"));
    }
  }
  if (received_.count(e->key()) > 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("entry ", e->key(), " was sent twice"));
  }
  if (removed_set_.count(e->key()) > 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("key ", e->key(), " is both removed and changed"));
  }
  hashes_[e->key()] = ToString(HashLeaf(bytes));
  received_.emplace(e->key(), bytes);
  parsed_.push_back(e);
  return absl::OkStatus();
}

absl::Status SnapshotAssembler::AddListed(const std::string& bytes) {
  const std::string last = hashes_.empty() ? "" : hashes_.rbegin()->first;
  const size_t before = hashes_.size();
  DN_RETURN_IF_ERROR(Take(bytes));
  // A new key was added at the end iff the listing is strictly ascending.
  if (hashes_.size() != before + 1 || hashes_.rbegin()->first <= last) {
    return absl::InvalidArgumentError("entries are not sorted by key");
  }
  return absl::OkStatus();
}

absl::Status SnapshotAssembler::Remove(const std::string& key) {
  if (held_.count(key) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "removal of ", key.substr(0, 128), ", which the hub does not hold"));
  }
  if (received_.count(key) > 0 || hashes_.erase(key) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "key ", key, " is removed twice or both removed and changed"));
  }
  removed_.push_back(key);
  removed_set_.insert(key);
  return absl::OkStatus();
}

absl::Status SnapshotAssembler::Upsert(const std::string& bytes) {
  return Take(bytes);
}

absl::Status SnapshotAssembler::Finish() const {
  MerkleTree tree;
  for (const auto& [key, h] : hashes_) {
    absl::StatusOr<Hash> hash = HashFromBytes(h);
    if (!hash.ok()) return absl::InternalError("stored leaf hash is corrupt");
    tree.AppendLeafHash(*hash);
  }
  if (tree.size() != entry_count_ || ToString(tree.Root()) != entries_root_) {
    return absl::DataLossError(
        "entries do not reproduce the signed entries root (tampered or "
        "incomplete)");
  }
  return absl::OkStatus();
}

}  // namespace disclosure::hub

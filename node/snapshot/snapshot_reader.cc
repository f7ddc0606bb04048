#include "node/snapshot/snapshot_reader.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/message_diff.h"
#include "core/snapshot_diff.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"

namespace disclosure::node {
namespace {

namespace v1 = disclosure::v1;
constexpr size_t kCacheSize = 4;

}  // namespace

absl::StatusOr<std::shared_ptr<const SnapshotReader::Loaded>>
SnapshotReader::Load(uint64_t sequence) {
  {
    absl::MutexLock lock(&mu_);
    for (auto it = cache_.begin(); it != cache_.end(); ++it) {
      if ((*it)->sequence == sequence) {
        auto found = *it;
        cache_.erase(it);
        cache_.push_front(found);
        return found;
      }
    }
  }
  DN_ASSIGN_OR_RETURN(v1::node::SnapshotRecord record,
                      store_->GetSnapshot(sequence));
  if (record.keys_size() != record.leaf_hashes_size()) {
    return absl::DataLossError(
        absl::StrCat("snapshot ", sequence, " record is inconsistent"));
  }
  auto loaded = std::make_shared<Loaded>();
  loaded->sequence = sequence;
  for (const std::string& h : record.leaf_hashes()) {
    absl::StatusOr<Hash> hash = HashFromBytes(h);
    if (!hash.ok()) return absl::DataLossError("stored leaf hash is malformed");
    loaded->tree.AppendLeafHash(*hash);
  }
  loaded->record = std::move(record);
  absl::MutexLock lock(&mu_);
  cache_.push_front(loaded);
  if (cache_.size() > kCacheSize) cache_.pop_back();
  return std::shared_ptr<const Loaded>(loaded);
}

absl::StatusOr<std::string> SnapshotReader::EntryBytes(const Loaded& s,
                                                       uint64_t index) {
  return store_->GetEntry(s.tree.LeafHash(index));
}

absl::StatusOr<v1::EntryWithProof> SnapshotReader::Prove(const Loaded& s,
                                                         uint64_t index) {
  v1::EntryWithProof out;
  DN_ASSIGN_OR_RETURN(std::string bytes, EntryBytes(s, index));
  out.set_entry(std::move(bytes));
  out.mutable_proof()->set_leaf_index(index);
  out.mutable_proof()->set_tree_size(s.tree.size());
  DN_ASSIGN_OR_RETURN(std::vector<Hash> path,
                      s.tree.InclusionProof(index, s.tree.size()));
  HashesToProto(path, out.mutable_proof()->mutable_hashes());
  return out;
}

absl::StatusOr<v1::node::GetEntryResponse> SnapshotReader::GetEntry(
    uint64_t sequence, const std::string& key) {
  DN_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> s, Load(sequence));
  const auto& keys = (s)->record.keys();
  const auto it = std::lower_bound(keys.begin(), keys.end(), key);
  const uint64_t index = static_cast<uint64_t>(it - keys.begin());
  v1::node::GetEntryResponse out;
  if (it != keys.end() && *it == key) {
    DN_ASSIGN_OR_RETURN(v1::EntryWithProof p, Prove(*s, index));
    *out.mutable_present() = std::move(p);
    return out;
  }
  v1::AbsenceProof* absent = out.mutable_absent();
  absent->set_key(key);
  absent->set_tree_size((s)->tree.size());
  if (index > 0) {
    DN_ASSIGN_OR_RETURN(v1::EntryWithProof p, Prove(*s, index - 1));
    *absent->mutable_predecessor() = std::move(p);
  }
  if (index < (s)->tree.size()) {
    DN_ASSIGN_OR_RETURN(v1::EntryWithProof p, Prove(*s, index));
    *absent->mutable_successor() = std::move(p);
  }
  return out;
}

namespace {
// Entries ListEntries reads at once.
constexpr uint64_t kReadChunk = 128;
}  // namespace

absl::Status SnapshotReader::ListEntries(
    uint64_t sequence, uint64_t start_index, uint32_t page_size,
    size_t page_bytes,
    const std::function<absl::Status(const v1::node::EntryPage&)>& emit) {
  DN_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> s, Load(sequence));
  const uint64_t n = (s)->tree.size();
  if (start_index > n) {
    return absl::OutOfRangeError(absl::StrCat("start_index ", start_index,
                                              " is past the ", n, " entries"));
  }
  v1::node::EntryPage page;
  page.set_first_index(start_index);
  size_t bytes_in_page = 0;
  // Entries are read a chunk at a time: one batched read of many entries
  // costs less than a point read each.
  std::vector<std::string> chunk;
  uint64_t chunk_start = start_index;
  for (uint64_t i = start_index; i < n; ++i) {
    if (i == chunk_start + chunk.size()) {
      chunk_start = i;
      std::vector<Hash> hashes;
      for (uint64_t j = i; j < std::min(n, i + kReadChunk); ++j)
        hashes.push_back((s)->tree.LeafHash(j));
      DN_ASSIGN_OR_RETURN(std::vector<std::string> read,
                          store_->GetEntries(hashes));
      chunk = std::move(read);
    }
    std::string* bytes = &chunk[i - chunk_start];
    if (page.entries_size() > 0 && bytes_in_page + bytes->size() > page_bytes) {
      DN_RETURN_IF_ERROR(emit(page));
      page.Clear();
      page.set_first_index(i);
      bytes_in_page = 0;
    }
    bytes_in_page += bytes->size();
    page.add_entries(std::move(*bytes));
    if (static_cast<uint32_t>(page.entries_size()) == page_size) {
      DN_RETURN_IF_ERROR(emit(page));
      page.Clear();
      page.set_first_index(i + 1);
      bytes_in_page = 0;
    }
  }
  if (page.entries_size() > 0 || n == start_index) return emit(page);
  return absl::OkStatus();
}

absl::Status SnapshotReader::Changes(
    uint64_t from, uint64_t to, uint32_t page_size, size_t page_bytes,
    const std::function<absl::Status(const v1::node::ChangesPage&)>& emit) {
  DN_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> a, Load(from));
  DN_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> b, Load(to));
  v1::node::ChangesPage page;
  page.set_to_entry_count((b)->tree.size());
  bool first_sent = false;
  size_t bytes_in_page = 0;
  const auto flush = [&](bool force) -> absl::Status {
    if (!force && bytes_in_page < page_bytes &&
        static_cast<uint32_t>(page.upserted_entries_size() +
                              page.removed_keys_size()) < page_size) {
      return absl::OkStatus();
    }
    DN_RETURN_IF_ERROR(emit(page));
    first_sent = true;
    page.Clear();
    bytes_in_page = 0;
    return absl::OkStatus();
  };
  absl::Status walked = ForEachKeyChange(
      (a)->record, (b)->record, [&](KeyChange c, int i, int j) -> absl::Status {
        if (c == KeyChange::kRemoved) {
          page.add_removed_keys((a)->record.keys(i));
        } else {
          DN_ASSIGN_OR_RETURN(std::string bytes,
                              EntryBytes(*b, static_cast<uint64_t>(j)));
          bytes_in_page += bytes.size();
          page.add_upserted_entries(std::move(bytes));
        }
        return flush(false);
      });
  DN_RETURN_IF_ERROR(walked);
  if (!first_sent ||
      page.upserted_entries_size() + page.removed_keys_size() > 0) {
    return flush(true);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::node::DiffSnapshotsResponse> SnapshotReader::Diff(
    uint64_t from, uint64_t to) {
  DN_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> a, Load(from));
  DN_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> b, Load(to));
  return DiffRecords(
      (a)->record,
      [&](int i) { return EntryBytes(*a, static_cast<uint64_t>(i)); },
      (b)->record,
      [&](int j) { return EntryBytes(*b, static_cast<uint64_t>(j)); });
}

absl::StatusOr<v1::node::DiffSnapshotsResponse> SnapshotReader::DiffToPending(
    std::optional<uint64_t> from,
    const std::map<std::string, std::string>& pending) {
  std::shared_ptr<const Loaded> a;
  if (from.has_value()) {
    DN_ASSIGN_OR_RETURN(std::shared_ptr<const Loaded> loaded, Load(*from));
    a = std::move(loaded);
  }
  v1::node::SnapshotRecord none;
  v1::node::SnapshotRecord b;
  std::vector<const std::string*> bytes;
  for (const auto& [key, entry] : pending) {  // std::map: sorted by key
    b.add_keys(key);
    b.add_leaf_hashes(ToString(HashLeaf(entry)));
    bytes.push_back(&entry);
  }
  return DiffRecords(
      a ? a->record : none,
      [&](int i) { return EntryBytes(*a, static_cast<uint64_t>(i)); }, b,
      [&](int j) -> absl::StatusOr<std::string> { return *bytes[j]; });
}

absl::StatusOr<v1::node::DiffSnapshotsResponse> SnapshotReader::DiffRecords(
    const v1::node::SnapshotRecord& a, const BytesAt& a_bytes,
    const v1::node::SnapshotRecord& b, const BytesAt& b_bytes) {
  v1::node::DiffSnapshotsResponse out;
  absl::Status walked =
      ForEachKeyChange(a, b, [&](KeyChange c, int i, int j) -> absl::Status {
        if (c == KeyChange::kRemoved) {
          out.add_removed_keys(a.keys(i));
          return absl::OkStatus();
        }
        const std::string& key = b.keys(j);
        if (c == KeyChange::kAdded) {
          out.add_added_keys(key);
          return absl::OkStatus();
        }
        DN_ASSIGN_OR_RETURN(std::string before, a_bytes(i));
        DN_ASSIGN_OR_RETURN(std::string after, b_bytes(j));
        v1::DisclosureEntry old_entry, new_entry;
        if (!old_entry.ParseFromString(before) ||
            !new_entry.ParseFromString(after)) {
          return absl::DataLossError(
              absl::StrCat("stored entry ", key, " does not parse"));
        }
        // A database entry that became a tombstone is reported as withdrawn.
        const bool withdrawn =
            new_entry.has_database() &&
            new_entry.database().status() == v1::ENTRY_STATUS_WITHDRAWN &&
            old_entry.database().status() != v1::ENTRY_STATUS_WITHDRAWN;
        (withdrawn ? out.add_withdrawn_keys() : out.add_changed_keys())
            ->assign(key);
        v1::node::EntryChange* change = out.add_changes();
        change->set_key(key);
        for (FieldDifference& d : DiffFields(old_entry, new_entry)) {
          v1::node::FieldChange* f = change->add_fields();
          // "database.retention" -> "retention": the key says what it is.
          const size_t dot = d.path.find('.');
          f->set_path(dot == std::string::npos ? d.path
                                               : d.path.substr(dot + 1));
          f->set_before(std::move(d.before));
          f->set_after(std::move(d.after));
        }
        return absl::OkStatus();
      });
  DN_RETURN_IF_ERROR(walked);
  return out;
}

}  // namespace disclosure::node

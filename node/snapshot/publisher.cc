#include "node/snapshot/publisher.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/crash_point.h"
#include "core/logging.h"
#include "format/checkpoint.h"
#include "format/entry_key.h"
#include "format/manifest.h"
#include "format/merkle.h"
#include "format/note_keys.h"
#include "format/participation.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"
#include "format/withholding.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/message_differencer.h"
#include "metrics/metrics.h"

namespace disclosure::node {
namespace {

namespace v1 = disclosure::v1;
using v1::node::SnapshotSummary;

std::string Serialize(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  m.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

void SetTime(absl::Time t, google::protobuf::Timestamp* ts) {
  const int64_t ns = absl::ToUnixNanos(t);
  ts->set_seconds(ns / 1'000'000'000);
  ts->set_nanos(static_cast<int32_t>(ns % 1'000'000'000));
}

// Statistics compared without their version bookkeeping.
bool SameStatistics(v1::RequestStatistics a, v1::RequestStatistics b) {
  for (v1::RequestStatistics* s : {&a, &b}) {
    s->clear_version();
    s->clear_published_at();
    s->clear_correction_note();
  }
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

// Whether two versions of a period count the same records: only what is
// published of them changed (the scope stated, rows withheld).
bool SameRecords(const v1::RequestStatistics& a,
                 const v1::RequestStatistics& b) {
  return a.records_commitment().root() == b.records_commitment().root();
}

constexpr char kDecisionChangeNote[] =
    "the counted records are unchanged; what is published of them changed "
    "(the statistics' scope is stated, or rows are withheld or shown)";

}  // namespace

absl::StatusOr<SnapshotSummary> SummarizeSnapshot(const NodeStore& store,
                                                  uint64_t sequence) {
  DN_ASSIGN_OR_RETURN(std::string manifest_bytes, store.GetManifest(sequence));
  absl::StatusOr<v1::SnapshotManifest> m = ParseManifest(manifest_bytes);
  if (!m.ok()) return absl::DataLossError(m.status().message());
  DN_ASSIGN_OR_RETURN(v1::node::SnapshotRecord record,
                      store.GetSnapshot(sequence));
  SnapshotSummary s;
  s.set_sequence(sequence);
  *s.mutable_issued_at() = m->issued_at();
  *s.mutable_expires_at() = m->expires_at();
  s.set_entries_root(m->entries_root());
  s.set_entry_count(m->entry_count());
  s.set_checkpoint(record.checkpoint());
  return s;
}

absl::StatusOr<SnapshotSummary> Publisher::Publish() {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<SnapshotSummary> s = PublishLocked();
  CountEvent("disclosure_node_publications_total",
             "Publications (signed snapshots), by result",
             {{"result", s.ok() ? "ok" : "failed"}});
  if (s.ok()) {
    LogLine("node",
            absl::StrCat("published snapshot ", s->sequence(), ": ",
                         s->entry_count(), " entries, expires ",
                         absl::FormatTime(
                             "%Y-%m-%dT%H:%M:%SZ",
                             absl::FromUnixSeconds(s->expires_at().seconds()),
                             absl::UTCTimeZone())));
  }
  return s;
}

absl::Status Publisher::CompletePendingLocked() {
  DN_ASSIGN_OR_RETURN(bool completed, keeper_->CompletePending(store_));
  if (!completed) return absl::OkStatus();
  const v1::node::PendingSnapshot& p = keeper_->pending();
  log_->Append(p.manifest(), p.record().checkpoint());
  LogLine("node", absl::StrCat("snapshot ", p.sequence(),
                               " (signed earlier, its commit had failed) "
                               "is now committed as signed"));
  keeper_->MarkCommitted();
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, std::string>> Publisher::PendingEntries() {
  absl::MutexLock lock(&mu_);
  EntryMap entries;
  DN_RETURN_IF_ERROR(AddInventory(&entries));
  DN_RETURN_IF_ERROR(AddStatistics(clock_->Now(), log_->size(), &entries));
  DN_RETURN_IF_ERROR(AddRotations(&entries));
  return entries;
}

void Publisher::SetWitnessing(CheckpointWitnessing* witnessing) {
  absl::MutexLock lock(&mu_);
  witnessing_ = witnessing;
}

absl::Status Publisher::CheckClockForward(absl::Time now) const {
  if (log_->size() == 0) return absl::OkStatus();
  DN_ASSIGN_OR_RETURN(SnapshotSummary last,
                      SummarizeSnapshot(*store_, log_->size() - 1));
  const absl::Time last_issued =
      absl::FromUnixSeconds(last.issued_at().seconds()) +
      absl::Nanoseconds(last.issued_at().nanos());
  if (now >= last_issued) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "this machine's clock reads ", absl::FormatTime(now, absl::UTCTimeZone()),
      ", earlier than the issue time of the last snapshot (",
      absl::FormatTime(last_issued, absl::UTCTimeZone()),
      "). A snapshot never goes back in time: check the clock (NTP). Nothing "
      "was signed"));
}

absl::Status Publisher::CheckWitnessesBeforeSigning() {
  // What the witnesses hold is learned by offering them the latest signed
  // checkpoint (or, with nothing signed yet, the empty log's, which cannot
  // conflict with anything): a 409 tells their size, a cosignature their
  // clock.
  uint64_t size = log_->size();
  std::string note = log_->signed_checkpoint();
  if (size == 0) {
    DN_ASSIGN_OR_RETURN(std::string text,
                        FormatCheckpoint({log_->origin(), 0, EmptyRoot(), {}}));
    DN_ASSIGN_OR_RETURN(note, SignNote(text, {signer_}));
  }
  CheckpointWitnessing::Result r = witnessing_->Offer(
      note, size, [this](uint64_t a, uint64_t b) { return LogProof(a, b); });
  if (r.larger_size > size) {
    return absl::FailedPreconditionError(absl::StrCat(
        "witness ", r.larger_witness, " has cosigned a checkpoint of log size ",
        r.larger_size, " of this agency, but this store holds only ", size,
        " snapshots: it has lost published snapshots (restored from an older "
        "backup?), or another node publishes this log. Nothing was signed: "
        "signing now would fork the log. Stop the node and rebuild the lost "
        "snapshots from the hub: disclosure-node recover --config FILE --hub "
        "HOST:PORT --hub_ca CA (docs/operations.md, \"Lost snapshots\")"));
  }
  if (!r.forks.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the witnesses hold another history of this log: ",
        absl::StrJoin(r.forks, "; "),
        ". Another node (a copy of this store?) is publishing this agency's "
        "log, or this store is not the agency's log. Nothing was signed"));
  }
  if (!r.clock_off.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "this machine's clock disagrees with the witnesses' by more than ",
        "the allowed skew: ", absl::StrJoin(r.clock_off, "; "),
        ". Fix the clock (NTP) before publishing; nothing was signed"));
  }
  if (!r.quorum) {
    return absl::UnavailableError(absl::StrCat(
        "too few witnesses answered to check this log before signing (needs ",
        witnessing_->policy().Describe(), "; ", absl::StrJoin(r.problems, "; "),
        "). Nothing was signed; the publication is tried again"));
  }
  // The latest checkpoint may have been signed without its quorum: it is
  // served now that the witnesses cosigned it.
  if (size > 0 && log_->served_size() < size) {
    DN_RETURN_IF_ERROR(store_->PutWitnessedCheckpoint(r.note));
    log_->SetWitnessed(r.note, size);
  }
  log_->ConfirmWitnessed();
  return absl::OkStatus();
}

std::string Publisher::Witness(const std::string& note, uint64_t size) {
  CheckpointWitnessing::Result r = witnessing_->Offer(
      note, size, [this](uint64_t a, uint64_t b) { return LogProof(a, b); });
  std::string who =
      r.cosigned_by.empty()
          ? "no witness cosigned"
          : absl::StrCat("cosigned by ", absl::StrJoin(r.cosigned_by, ", "));
  if (!r.forks.empty() || r.larger_size > size) {
    halted_ = absl::StrCat(
        "this node stopped publishing: after it signed log size ", size,
        ", the witnesses showed another history of this agency's log (",
        absl::StrJoin(r.forks, "; "),
        r.larger_size > size
            ? absl::StrCat(r.forks.empty() ? "" : "; ", r.larger_witness,
                           " holds size ", r.larger_size)
            : "",
        "). Another node is publishing this log; its checkpoint is not served "
        "here. Stop the other node, then find out which store is the "
        "agency's log before restarting this one");
    LogError("node", halted_);
    return absl::StrCat(who, "; refused by the others: not served");
  }
  if (!r.quorum) {
    std::string line =
        absl::StrCat(who, " (quorum ", witnessing_->policy().Describe(),
                     " not met: ", absl::StrJoin(r.problems, "; "),
                     "): not served yet; offered again within a minute");
    LogError("node", absl::StrCat("snapshot ", size - 1, ": ", line));
    return line;
  }
  if (absl::Status s = store_->PutWitnessedCheckpoint(r.note); !s.ok()) {
    return absl::StrCat(who, " but recording it failed (", s.message(),
                        "): offered again within a minute");
  }
  log_->SetWitnessed(r.note, size);
  return absl::StrCat(who, " (quorum ", witnessing_->policy().Describe(),
                      " met): served");
}

absl::Status Publisher::CheckWitnesses() {
  absl::MutexLock lock(&mu_);
  if (witnessing_ == nullptr) return absl::OkStatus();
  return CheckWitnessesBeforeSigning();
}

std::string Publisher::CatchUpWitnessing() {
  absl::MutexLock lock(&mu_);
  // Until the witnesses confirmed this store, CheckWitnesses decides.
  if (witnessing_ == nullptr || !halted_.empty() || log_->AwaitingWitnesses()) {
    return "";
  }
  const uint64_t size = log_->size();
  if (size == 0 || log_->served_size() >= size) return "";
  return absl::StrCat("snapshot ", size - 1, ": ",
                      Witness(log_->signed_checkpoint(), size));
}

absl::StatusOr<std::vector<Hash>> Publisher::LogProof(uint64_t size1,
                                                      uint64_t size2) const {
  DN_ASSIGN_OR_RETURN(disclosure::v1::ConsistencyProof p,
                      log_->Consistency(size1, size2));
  std::vector<Hash> out;
  for (const std::string& h : p.hashes()) {
    DN_ASSIGN_OR_RETURN(Hash hash, HashFromBytes(h));
    out.push_back(hash);
  }
  return out;
}

absl::StatusOr<SnapshotSummary> Publisher::PublishLocked() {
  if (!halted_.empty()) return absl::FailedPreconditionError(halted_);
  // Never sign a second checkpoint of a size already signed.
  DN_RETURN_IF_ERROR(CompletePendingLocked());
  const absl::Time now = clock_->Now();
  DN_RETURN_IF_ERROR(CheckClockForward(now));
  if (witnessing_ != nullptr) DN_RETURN_IF_ERROR(CheckWitnessesBeforeSigning());
  const uint64_t sequence = log_->size();
  EntryMap entries;
  DN_RETURN_IF_ERROR(AddInventory(&entries));
  DN_RETURN_IF_ERROR(AddStatistics(now, sequence, &entries));
  DN_RETURN_IF_ERROR(AddRotations(&entries));
  DN_ASSIGN_OR_RETURN(SnapshotTree tree, BuildTree(std::move(entries)));

  v1::SnapshotManifest manifest;
  manifest.set_format_version(options_.format_version);
  manifest.set_agency_id(options_.agency_id);
  manifest.set_log_origin(log_->origin());
  manifest.set_sequence(sequence);
  SetTime(now, manifest.mutable_issued_at());
  SetTime(now + options_.validity, manifest.mutable_expires_at());
  manifest.set_entries_root(ToString(tree.root()));
  manifest.set_entry_count(tree.size());
  const std::string manifest_bytes = Serialize(manifest);
  DN_ASSIGN_OR_RETURN(std::string note,
                      SignAndCommit(sequence, manifest_bytes, tree));

  SnapshotSummary summary;
  summary.set_sequence(sequence);
  *summary.mutable_issued_at() = manifest.issued_at();
  *summary.mutable_expires_at() = manifest.expires_at();
  summary.set_entries_root(manifest.entries_root());
  summary.set_entry_count(manifest.entry_count());
  summary.set_checkpoint(note);
  if (witnessing_ != nullptr) {
    summary.set_witnessing(Witness(note, sequence + 1));
  }
  return summary;
}

absl::Status Publisher::AddInventory(EntryMap* entries) const {
  DN_ASSIGN_OR_RETURN(auto profile, store_->GetAgencyProfile());
  if (!profile.has_value()) {
    return absl::FailedPreconditionError(
        "there is no agency profile yet: import one first (disclosurectl "
        "import profile FILE), then publish");
  }
  DN_ASSIGN_OR_RETURN(auto databases, store_->ListDatabaseEntries());
  v1::DisclosureEntry e;
  e.set_key(std::string(kAgencyKey));
  *e.mutable_agency_profile() = *profile;
  (*entries)[e.key()] = Serialize(e);
  for (const v1::DatabaseEntry& db : databases) {
    if (db.status() == v1::ENTRY_STATUS_DRAFT) continue;
    // Imports check the same rule; this catches an entry stored under a
    // format 2 configuration that was later set back to 1.
    if (auto problems =
            DatabaseWithholdingProblems(db, options_.format_version);
        !problems.empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat("database ", db.database_id(), ": ", problems[0].field,
                       ": ", problems[0].message.English(),
                       " (or import it again without the withholding)"));
    }
    v1::DisclosureEntry d;
    d.set_key(DatabaseKey(db.database_id()));
    *d.mutable_database() = db;
    (*entries)[d.key()] = Serialize(d);
  }
  return AddAnswers(entries);
}

absl::Status Publisher::AddAnswers(EntryMap* entries) const {
  DN_ASSIGN_OR_RETURN(auto answers, store_->ListAnswers());
  for (v1::ParticipationAnswer& a : answers) {
    // Stored under format 2 and the node later set back to 1.
    if (auto problems = AnswerProblems(a, options_.format_version);
        !problems.empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat("answer ", a.submission_id(), ": ", problems[0].field,
                       ": ", problems[0].message.English()));
    }
    v1::DisclosureEntry e;
    e.set_key(AnswerKey(a.submission_id()));
    *e.mutable_answer() = std::move(a);
    (*entries)[e.key()] = Serialize(e);
  }
  return absl::OkStatus();
}

absl::Status Publisher::AddStatistics(absl::Time now, uint64_t sequence,
                                      EntryMap* entries) const {
  // From the aggregates every import keeps up to date.
  DN_ASSIGN_OR_RETURN(auto aggregates, store_->ListPeriodAggregates());
  DN_ASSIGN_OR_RETURN(auto stats,
                      BuildStatistics(aggregates, options_.statistics, now));
  // Statistics of an agency whose profile says its data is for
  // demonstration are demonstration statistics too.
  DN_ASSIGN_OR_RETURN(auto profile, store_->GetAgencyProfile());
  const bool synthetic = profile.has_value() && profile->synthetic();
  for (auto& [period, s] : stats) s.set_synthetic(synthetic);
  std::map<std::string, v1::node::PeriodAggregate> aggregates_by_period;
  for (auto& a : aggregates) aggregates_by_period[a.period()] = std::move(a);
  EntryMap previous;  // the statistics entries of the previous snapshot
  if (sequence > 0) {
    DN_ASSIGN_OR_RETURN(v1::node::SnapshotRecord prev,
                        store_->GetSnapshot(sequence - 1));
    for (int i = 0; i < prev.keys_size(); ++i) {
      if (prev.keys(i).rfind("stats/", 0) != 0) continue;
      absl::StatusOr<Hash> hash = HashFromBytes(prev.leaf_hashes(i));
      if (!hash.ok()) {
        return absl::DataLossError("stored leaf hash is malformed");
      }
      DN_ASSIGN_OR_RETURN(previous[prev.keys(i)], store_->GetEntry(*hash));
    }
  }
  for (auto& [period, s] : stats) {
    const std::string key = StatisticsKey(period);
    auto prev = previous.find(key);
    v1::DisclosureEntry old;
    if (prev != previous.end() && old.ParseFromString(prev->second) &&
        old.has_statistics()) {
      const bool counts_withheld =
          WithholdCountsOfRevision(old.statistics(), &s);
      // Unchanged numbers keep their bytes, so the entry stays identical.
      if (SameStatistics(old.statistics(), s)) {
        (*entries)[key] = prev->second;
        continue;
      }
      s.set_version(old.statistics().version() + 1);
      *s.mutable_published_at() = old.statistics().published_at();
      s.set_correction_note(
          SameRecords(old.statistics(), s)
              ? kDecisionChangeNote
              : CorrectionNote(aggregates_by_period[period], counts_withheld));
    } else {
      s.set_version(1);
      SetTime(now, s.mutable_published_at());
    }
    v1::DisclosureEntry e;
    e.set_key(key);
    *e.mutable_statistics() = std::move(s);
    (*entries)[key] = Serialize(e);
  }
  // Published statistics never disappear from later snapshots.
  for (const auto& [key, bytes] : previous) entries->emplace(key, bytes);
  return absl::OkStatus();
}

absl::Status Publisher::AddRotations(EntryMap* entries) const {
  DN_ASSIGN_OR_RETURN(auto signing, store_->GetSigningState());
  if (!signing.has_value()) return absl::OkStatus();
  for (int i = 0; i < signing->rotations_size(); ++i) {
    absl::StatusOr<VerifierKey> new_key =
        ParseVerifierKey(signing->vkeys(i + 1));
    if (!new_key.ok()) {
      return absl::DataLossError("stored signing state is malformed");
    }
    v1::DisclosureEntry e;
    e.set_key(RotationKey(new_key->key_id));
    e.mutable_key_rotation()->set_signed_statement(signing->rotations(i));
    (*entries)[e.key()] = Serialize(e);
  }
  return absl::OkStatus();
}

absl::StatusOr<SnapshotTree> Publisher::BuildTree(EntryMap entries) const {
  if (entries.size() > options_.max_entries) {
    return absl::ResourceExhaustedError(
        absl::StrCat("snapshot would have ", entries.size(),
                     " entries, over the limit of ", options_.max_entries));
  }
  std::vector<std::string> sorted;
  sorted.reserve(entries.size());
  for (auto& [key, bytes] : entries) {
    if (bytes.size() > options_.max_entry_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("entry ", key, " is ", bytes.size(),
                       " bytes, over the limit of ", options_.max_entry_bytes));
    }
    sorted.push_back(std::move(bytes));
  }
  return SnapshotTree::Build(std::move(sorted));
}

absl::StatusOr<std::string> Publisher::SignAndCommit(
    uint64_t sequence, const std::string& manifest_bytes,
    const SnapshotTree& tree) {
  Checkpoint cp{
      log_->origin(), sequence + 1, log_->RootWith(manifest_bytes), {}};
  DN_ASSIGN_OR_RETURN(std::string text, FormatCheckpoint(cp));
  DN_ASSIGN_OR_RETURN(std::string note, SignNote(text, {signer_}));
  v1::node::SnapshotRecord record;
  std::vector<std::pair<Hash, std::string>> new_entries;
  for (uint64_t i = 0; i < tree.size(); ++i) {
    const Hash h = HashLeaf(tree.entry(i));
    record.add_keys(tree.key(i));
    record.add_leaf_hashes(ToString(h));
    // Entries are content-addressed: an unchanged one is stored once.
    DN_ASSIGN_OR_RETURN(bool has, store_->HasEntry(h));
    if (!has) new_entries.emplace_back(h, tree.entry(i));
  }
  record.set_checkpoint(note);
  v1::node::PendingSnapshot pending;
  pending.set_sequence(sequence);
  pending.set_manifest(manifest_bytes);
  *pending.mutable_record() = record;
  for (const auto& [hash, bytes] : new_entries) {
    auto* e = pending.add_entries();
    e->set_leaf_hash(ToString(hash));
    e->set_bytes(bytes);
  }
  // Durable before the store: if the commit below fails or the node stops,
  // the next start or publication commits exactly this snapshot.
  DN_RETURN_IF_ERROR(keeper_->RecordSigned(pending));
  CrashPoint("node.publish.after_signed");
  DN_RETURN_IF_ERROR(
      store_->CommitSnapshot(sequence, manifest_bytes, record, new_entries));
  keeper_->MarkCommitted();
  log_->Append(manifest_bytes, note);
  return note;
}

}  // namespace disclosure::node

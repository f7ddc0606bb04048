#include "tools/verify/log_monitor.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "disclosure/v1/proof.pb.h"
#include "format/checkpoint.h"
#include "format/encoding.h"
#include "format/export_listing.h"
#include "format/limits.h"
#include "format/manifest.h"
#include "format/merkle_verify.h"
#include "format/note.h"
#include "format/proof_bundle.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"
#include "format/tlog_tiles.h"

namespace disclosure::verify {
namespace {

namespace v1 = disclosure::v1;

// The most leaves a monitored log may claim (a daily log for millennia).
constexpr uint64_t kMaxLogSize = uint64_t{1} << 20;

void Alert(LogReport* r, std::string kind, std::string detail) {
  r->alerts.push_back({std::move(kind), std::move(detail)});
}

std::string Root(const Hash& h) { return Base64Encode(ToString(h)); }

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// The leaves of entry bundle `n` of a log of `size` leaves.
absl::StatusOr<std::vector<std::string>> ReadBundle(const ExportSource& source,
                                                    const std::string& prefix,
                                                    uint64_t n, uint64_t size) {
  const uint64_t width = std::min(kTileWidth, size - n * kTileWidth);
  DN_ASSIGN_OR_RETURN(std::string data,
                      source.Read(prefix + EntryBundlePath(n, width),
                                  width * (2 + kMaxManifestBytes)));
  std::vector<std::string> out;
  absl::string_view rest = data;
  while (!rest.empty()) {
    if (rest.size() < 2) break;
    const size_t len =
        (static_cast<uint8_t>(rest[0]) << 8) | static_cast<uint8_t>(rest[1]);
    if (rest.size() < 2 + len) break;
    out.emplace_back(rest.substr(2, len));
    rest.remove_prefix(2 + len);
  }
  if (!rest.empty() || out.size() != width) {
    return absl::DataLossError(
        absl::StrCat("entry bundle ", n, " is malformed"));
  }
  return out;
}

}  // namespace

std::string AgencyIdOf(const std::string& origin) {
  const size_t at = origin.rfind("/agency/");
  return at == std::string::npos ? origin : origin.substr(at + 8);
}

std::optional<LogMonitor::VerifiedHead> LogMonitor::ReadHead(
    const ExportSource& source, const std::string& origin, bool missing_ok,
    LogReport* report) const {
  const std::string path =
      absl::StrCat("logs/", AgencyIdOf(origin), "/checkpoint");
  absl::StatusOr<std::string> note = source.Read(path, kMaxNoteBytes);
  if (!note.ok()) {
    if (!(missing_ok && absl::IsNotFound(note.status()))) {
      Alert(report, "unreadable",
            absl::StrCat(source.name(), "/", path, ": ",
                         note.status().message()));
    }
    return std::nullopt;
  }
  absl::StatusOr<OpenedNote> by_agency = OpenNote(*note, keys_.LogKeys(origin));
  if (!by_agency.ok()) {
    Alert(report, "bad-signature",
          absl::StrCat(source.name(), "/", path,
                       " is not signed by a trusted key of the agency: ",
                       by_agency.status().message()));
    return std::nullopt;
  }
  absl::StatusOr<OpenedNote> by_witnesses = OpenNote(*note, keys_.Cosigners());
  const size_t cosigned = by_witnesses.ok() ? by_witnesses->verified.size() : 0;
  if (cosigned < options_.min_cosignatures) {
    Alert(report, "no-quorum",
          absl::StrCat(source.name(), "/", path, " carries ", cosigned,
                       " cosignatures by trusted witness keys, ",
                       options_.min_cosignatures, " required"));
    return std::nullopt;
  }
  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(by_agency->text);
  if (!cp.ok() || cp->origin != origin || cp->size > kMaxLogSize) {
    Alert(report, "tampered",
          absl::StrCat(source.name(), "/", path, " is not a checkpoint of ",
                       origin));
    return std::nullopt;
  }
  return VerifiedHead{*std::move(note), *std::move(cp)};
}

std::optional<MerkleTree> LogMonitor::ReadTree(const ExportSource& source,
                                               const std::string& origin,
                                               const Checkpoint& cp,
                                               LogReport* report) const {
  const std::string prefix = absl::StrCat("logs/", AgencyIdOf(origin), "/");
  MerkleTree tree;
  for (uint64_t n = 0; n * kTileWidth < cp.size; ++n) {
    const uint64_t width = std::min(kTileWidth, cp.size - n * kTileWidth);
    const std::string path = prefix + TilePath(0, n, width);
    absl::StatusOr<std::string> tile = source.Read(path, width * kHashSize);
    if (!tile.ok() || tile->size() != width * kHashSize) {
      Alert(report, "unreadable",
            absl::StrCat(source.name(), "/", path, ": ",
                         tile.ok() ? "wrong size"
                                   : std::string(tile.status().message())));
      return std::nullopt;
    }
    for (uint64_t i = 0; i < width; ++i) {
      tree.AppendLeafHash(*HashFromBytes(
          absl::string_view(*tile).substr(i * kHashSize, kHashSize)));
    }
  }
  if (tree.Root() != cp.root) {
    Alert(report, "tampered",
          absl::StrCat("the tiles of ", origin, " in ", source.name(),
                       " do not reproduce its signed checkpoint of size ",
                       cp.size));
    return std::nullopt;
  }
  return tree;
}

std::optional<std::vector<std::string>> LogMonitor::ReadManifests(
    const ExportSource& source, const std::string& origin,
    const MerkleTree& tree, uint64_t first, LogReport* report) const {
  const std::string prefix = absl::StrCat("logs/", AgencyIdOf(origin), "/");
  const std::string id = AgencyIdOf(origin);
  std::vector<std::string> out;
  std::vector<std::string> bundle;
  absl::Time last_issued = absl::InfinitePast();
  for (uint64_t i = first; i < tree.size(); ++i) {
    if (bundle.empty() || i % kTileWidth == 0 || i == first) {
      absl::StatusOr<std::vector<std::string>> b =
          ReadBundle(source, prefix, i / kTileWidth, tree.size());
      if (!b.ok()) {
        Alert(report, "unreadable", std::string(b.status().message()));
        return std::nullopt;
      }
      bundle = *std::move(b);
    }
    const std::string& m = bundle[i % kTileWidth];
    if (HashLeaf(m) != tree.LeafHash(i)) {
      Alert(report, "tampered",
            absl::StrCat("manifest ", i,
                         " in the entry bundles is not the signed leaf"));
      return std::nullopt;
    }
    absl::StatusOr<v1::SnapshotManifest> parsed = ParseManifest(m);
    std::string broken;
    if (!parsed.ok()) {
      broken = std::string(parsed.status().message());
    } else if (parsed->agency_id() != id || parsed->log_origin() != origin) {
      broken = "names another agency or log";
    } else if (parsed->sequence() != i) {
      broken = absl::StrCat("carries sequence ", parsed->sequence());
    } else if (TimeOf(parsed->issued_at()) >
               options_.now + options_.max_clock_skew) {
      broken = "is issued in the future";
    } else if (TimeOf(parsed->issued_at()) < last_issued) {
      broken = "is issued before the manifest before it";
    } else if (TimeOf(parsed->expires_at()) <= TimeOf(parsed->issued_at()) ||
               TimeOf(parsed->expires_at()) - TimeOf(parsed->issued_at()) >
                   options_.max_validity) {
      broken = "has an expiry before its issue time, or too far after it";
    }
    if (!broken.empty()) {
      Alert(report, "manifest-rule", absl::StrCat("manifest ", i, " ", broken));
      return std::nullopt;
    }
    last_issued = TimeOf(parsed->issued_at());
    out.push_back(m);
  }
  return out;
}

bool LogMonitor::CheckSnapshot(const ExportSource& source,
                               const std::string& origin,
                               const std::string& manifest,
                               const v1::MonitoredLog* held,
                               v1::MonitoredLog* next,
                               LogReport* report) const {
  const std::string id = AgencyIdOf(origin);
  v1::SnapshotManifest m = *ParseManifest(manifest);
  absl::StatusOr<std::string> listing =
      source.Read("export-manifest.txt", size_t{256} << 20);
  if (!listing.ok()) {
    Alert(report, "unreadable",
          absl::StrCat(source.name(),
                       "/export-manifest.txt: ", listing.status().message()));
    return false;
  }
  BundleTrust trust;
  trust.origin = origin;
  trust.log_keys = keys_.LogKeys(origin);
  trust.witnesses = keys_.Cosigners();
  trust.min_cosignatures = options_.min_cosignatures;
  // An export of format 3 lists the agency's files in its own listing.
  // Only where the bundles are is taken from it: each is verified itself.
  if (absl::StrContains(*listing,
                        absl::StrCat(" ", AgencyListingPath(id), "\n"))) {
    listing = source.Read(AgencyListingPath(id), size_t{64} << 20);
    if (!listing.ok()) {
      Alert(report, "unreadable",
            absl::StrCat(source.name(), "/", AgencyListingPath(id), ": ",
                         listing.status().message()));
      return false;
    }
  }
  std::vector<std::string> entries;
  const std::string bundles = absl::StrCat(" bundles/", id, "/");
  for (absl::string_view line : absl::StrSplit(*listing, '\n')) {
    const size_t at = line.find(bundles);
    if (!absl::StartsWith(line, "file ") || at == absl::string_view::npos) {
      continue;
    }
    const std::string path(line.substr(at + 1));
    absl::StatusOr<std::string> bytes = source.Read(path, kMaxProofBundleBytes);
    v1::ProofBundle bundle;
    if (!bytes.ok() || !bundle.ParseFromString(*bytes) ||
        !bundle.has_present() || bundle.manifest() != manifest) {
      continue;  // absence proofs and bundles of other snapshots
    }
    if (!VerifyProofBundle(bundle, trust).ok()) {
      Alert(report, "tampered",
            absl::StrCat(source.name(), "/", path, " does not verify"));
      return false;
    }
    entries.push_back(bundle.present().entry());
    if (entries.size() > m.entry_count()) break;
  }
  absl::StatusOr<SnapshotTree> tree = SnapshotTree::Build(entries);
  if (!tree.ok() || tree->size() != m.entry_count() ||
      ToString(tree->root()) != m.entries_root()) {
    Alert(report, "tampered",
          absl::StrCat("the export's bundles of ", id, " hold ", entries.size(),
                       " entries of the latest snapshot's ", m.entry_count(),
                       ", or not its entries root"));
    return false;
  }
  std::map<std::string, const v1::MonitoredStatistics*> before;
  if (held != nullptr) {
    for (const auto& s : held->statistics()) before[s.period()] = &s;
  }
  for (uint64_t i = 0; i < tree->size(); ++i) {
    v1::DisclosureEntry e;
    if (!e.ParseFromString(tree->entry(i)) || !e.has_statistics()) continue;
    v1::MonitoredStatistics* s = next->add_statistics();
    s->set_period(e.statistics().period());
    s->set_version(e.statistics().version());
    s->set_leaf_hash(ToString(HashLeaf(tree->entry(i))));
    auto old = before.find(s->period());
    if (old == before.end()) continue;
    const v1::MonitoredStatistics& o = *old->second;
    before.erase(old);
    if (o.leaf_hash() == s->leaf_hash()) continue;
    if (s->version() <= o.version() ||
        e.statistics().correction_note().empty()) {
      Alert(report, "statistics-changed",
            absl::StrCat("the statistics of ", s->period(),
                         " changed without a signed correction (version ",
                         o.version(), " -> ", s->version(), ")"));
      return false;
    }
  }
  for (const auto& [period, gone] : before) {
    Alert(report, "statistics-changed",
          absl::StrCat("the statistics of ", period,
                       " published before are gone from the latest snapshot"));
    return false;
  }
  return true;
}

LogReport LogMonitor::Check(const ExportSource& source,
                            const std::string& origin,
                            const v1::MonitoredLog* held,
                            v1::MonitoredLog* next,
                            const EntryFetcher& earlier_entries) const {
  LogReport report;
  report.origin = origin;
  if (held != nullptr) report.old_size = held->size();
  std::optional<VerifiedHead> head =
      ReadHead(source, origin, /*missing_ok=*/held == nullptr, &report);
  if (!head) return report;
  const Checkpoint& cp = head->checkpoint;
  report.new_size = cp.size;
  if (held != nullptr) {
    if (cp.size < held->size()) {
      Alert(&report, "rollback",
            absl::StrCat("size ", cp.size, " (root ", Root(cp.root),
                         ") after size ", held->size(), " (root ",
                         Base64Encode(held->root()), ") was verified"));
      return report;
    }
    if (cp.size == held->size()) {
      if (ToString(cp.root) != held->root()) {
        Alert(&report, "fork",
              absl::StrCat("two checkpoints of size ", cp.size, ", roots ",
                           Base64Encode(held->root()), " and ", Root(cp.root)));
      } else {
        *next = *held;
      }
      return report;
    }
  }
  std::optional<MerkleTree> tree = ReadTree(source, origin, cp, &report);
  if (!tree) return report;
  if (held != nullptr &&
      ToString(*tree->RootAt(held->size())) != held->root()) {
    Alert(&report, "fork",
          absl::StrCat("the checkpoint of size ", cp.size,
                       " does not extend the one of size ", held->size(),
                       " verified before (root ", Base64Encode(held->root()),
                       "); at that size this log has root ",
                       Root(*tree->RootAt(held->size()))));
    return report;
  }
  const uint64_t first = held == nullptr ? 0 : held->size();
  std::optional<std::vector<std::string>> manifests =
      ReadManifests(source, origin, *tree, first, &report);
  if (!manifests) return report;
  // Snapshots between the last verified and the latest, in full, from a
  // route that has them.
  for (size_t k = 0; earlier_entries && k + 1 < manifests->size(); ++k) {
    const uint64_t sequence = first + k;
    const v1::SnapshotManifest m = *ParseManifest((*manifests)[k]);
    absl::StatusOr<std::vector<std::string>> entries =
        earlier_entries(sequence);
    absl::StatusOr<SnapshotTree> snapshot =
        entries.ok() ? SnapshotTree::Build(*std::move(entries))
                     : absl::StatusOr<SnapshotTree>(entries.status());
    if (!snapshot.ok()) {
      Alert(&report, "unreadable",
            absl::StrCat("snapshot ", sequence, ": ",
                         snapshot.status().message()));
      return report;
    }
    if (snapshot->size() != m.entry_count() ||
        ToString(snapshot->root()) != m.entries_root()) {
      // The route that served them shows another snapshot than the log.
      Alert(&report, "split-view",
            absl::StrCat("the entries of snapshot ", sequence,
                         " from the second route do not rebuild the "
                         "manifest signed in the log"));
      return report;
    }
  }
  next->Clear();
  next->set_origin(origin);
  next->set_size(cp.size);
  next->set_root(ToString(cp.root));
  next->set_checkpoint(head->note);
  next->set_verified_at(absl::ToUnixSeconds(options_.now));
  if (!CheckSnapshot(source, origin, manifests->back(), held, next, &report)) {
    return report;
  }
  report.changed = true;
  return report;
}

void LogMonitor::Compare(const ExportSource& primary, const ExportSource& other,
                         const v1::MonitoredLog& verified,
                         LogReport* report) const {
  const std::string& origin = verified.origin();
  std::optional<VerifiedHead> head =
      ReadHead(other, origin, /*missing_ok=*/true, report);
  if (!head) return;
  const Checkpoint& theirs = head->checkpoint;
  Checkpoint ours{origin, verified.size(), *HashFromBytes(verified.root()), {}};
  // The larger log's tiles (checked against its own signed root) give the
  // root the smaller one must have.
  const bool theirs_larger = theirs.size > ours.size;
  const Checkpoint& larger = theirs_larger ? theirs : ours;
  const Checkpoint& smaller = theirs_larger ? ours : theirs;
  Hash at_smaller = larger.root;
  if (larger.size != smaller.size) {
    LogReport scratch;
    std::optional<MerkleTree> tree =
        ReadTree(theirs_larger ? other : primary, origin, larger, &scratch);
    if (!tree) {
      report->alerts.insert(report->alerts.end(), scratch.alerts.begin(),
                            scratch.alerts.end());
      return;
    }
    at_smaller = *tree->RootAt(smaller.size);
  }
  if (at_smaller != smaller.root) {
    Alert(report, "split-view",
          absl::StrCat(other.name(), " shows size ", theirs.size, " (root ",
                       Root(theirs.root), "), not consistent with size ",
                       ours.size, " (root ", Root(ours.root),
                       ") verified through ", primary.name()));
  }
}

void LogMonitor::CompareNote(const ExportSource& primary,
                             const std::string& route, const std::string& note,
                             const Prover& prove,
                             const v1::MonitoredLog& verified,
                             LogReport* report) const {
  const std::string& origin = verified.origin();
  absl::StatusOr<OpenedNote> opened = OpenNote(note, keys_.LogKeys(origin));
  absl::StatusOr<Checkpoint> theirs =
      opened.ok() ? ParseCheckpoint(opened->text)
                  : absl::StatusOr<Checkpoint>(opened.status());
  if (!theirs.ok() || theirs->origin != origin) {
    Alert(report, "bad-signature",
          absl::StrCat(route,
                       " serves a checkpoint not signed by a trusted "
                       "key of the agency"));
    return;
  }
  const Checkpoint ours{
      origin, verified.size(), *HashFromBytes(verified.root()), {}};
  bool consistent = true;
  if (theirs->size == ours.size) {
    consistent = theirs->root == ours.root;
  } else if (theirs->size > ours.size) {
    absl::StatusOr<std::vector<Hash>> proof = prove(ours.size, theirs->size);
    consistent =
        proof.ok() && VerifyConsistency(ours.size, theirs->size, ours.root,
                                        theirs->root, *proof)
                          .ok();
  } else {
    LogReport scratch;
    std::optional<MerkleTree> tree = ReadTree(primary, origin, ours, &scratch);
    consistent = tree && *tree->RootAt(theirs->size) == theirs->root;
  }
  if (!consistent) {
    Alert(report, "split-view",
          absl::StrCat(route, " shows size ", theirs->size, " (root ",
                       Root(theirs->root), "), not consistent with size ",
                       ours.size, " (root ", Root(ours.root),
                       ") verified through ", primary.name()));
  }
}

}  // namespace disclosure::verify

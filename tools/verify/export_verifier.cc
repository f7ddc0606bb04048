#include "tools/verify/export_verifier.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/substitute.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "core/public_form.h"
#include "disclosure/v1/export.pb.h"
#include "format/checkpoint.h"
#include "format/key_rotation.h"
#include "format/limits.h"
#include "format/merkle_verify.h"
#include "format/note_keys.h"
#include "format/proof_bundle.h"
#include "format/snapshot_tree.h"
#include "format/status_macros.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "tools/verify/signed_listing.h"

namespace disclosure::verify {

void ExportReport::Pass(std::string step, std::string detail) {
  checks.push_back({std::move(step), Check::kPassed, std::move(detail)});
}
void ExportReport::Fail(std::string step, std::string detail) {
  checks.push_back({std::move(step), Check::kFailed, std::move(detail)});
  ++failures;
}
void ExportReport::Warn(std::string step, std::string detail) {
  checks.push_back({std::move(step), Check::kWarning, std::move(detail)});
  ++warnings;
}

namespace {

namespace fs = std::filesystem;
namespace v1 = disclosure::v1;
using google::protobuf::util::MessageDifferencer;

constexpr size_t kMaxJsonBytes = size_t{1} << 30;
constexpr size_t kMaxHistoryCheckpoints = 1 << 20;

// Reads a listed JSON file into `m` (wrapped as {"items": ...} for arrays).
absl::Status ReadJson(const std::string& dir, const std::string& name,
                      bool array, google::protobuf::Message* m) {
  DN_ASSIGN_OR_RETURN(std::string text,
                      ReadFile(absl::StrCat(dir, "/", name), kMaxJsonBytes));
  const std::string json =
      array ? absl::StrCat("{\"items\":", text, "}") : text;
  auto s = google::protobuf::util::JsonStringToMessage(json, m);
  if (!s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": ", std::string(s.message())));
  }
  return absl::OkStatus();
}

// One agency's trust: its log keys (trusted, or reached by rotation) and
// its verified checkpoint.
struct AgencyTrust {
  std::string id;
  std::string origin;
  uint64_t size = 0;
  std::vector<std::unique_ptr<NoteVerifier>> rotated;  // owned
  std::vector<const NoteVerifier*> log_keys;
  std::optional<Checkpoint> checkpoint;
};

class Verifier {
 public:
  Verifier(const std::string& dir, const TrustedKeys& keys, absl::Time now,
           size_t min_cosignatures, ExportReport* report)
      : dir_(dir),
        keys_(keys),
        now_(now),
        min_cosignatures_(min_cosignatures),
        r_(report) {}

  void Run();

 private:
  bool CheckListing();
  void LoadKeysFile();
  void FollowRotations(AgencyTrust* a, const v1::AgencyKeys* listed);
  bool CheckCheckpoint(AgencyTrust* a);
  void CheckBundles(const AgencyTrust& a);
  void CheckTables();
  void CheckHistory(const AgencyTrust& a);
  void CheckEvidence(const AgencyTrust& a);
  absl::StatusOr<Checkpoint> OpenCheckpoint(const AgencyTrust& a,
                                            const std::string& note,
                                            bool need_cosignature) const;
  bool Listed(const std::string& name) const {
    return listing_.files.count(name) > 0;
  }

  std::string dir_;
  const TrustedKeys& keys_;
  absl::Time now_;
  size_t min_cosignatures_;
  ExportReport* r_;
  SignedListing listing_;
  v1::ExportKeys keys_file_;
  // Bundle path -> the entry it proves (verified bundles only).
  std::map<std::string, v1::DisclosureEntry> proven_;
};

bool Verifier::CheckListing() {
  absl::StatusOr<SignedListing> listing =
      ReadSignedListing(dir_, keys_.ExportSigners());
  if (!listing.ok()) {
    r_->Fail("listing", std::string(listing.status().message()));
    return false;
  }
  listing_ = *std::move(listing);
  r_->Pass("listing", absl::Substitute(
                          _("export-manifest.note signed by $0; $1 files, $2 "
                            "agencies, written $3"),
                          listing_.signed_by, listing_.files.size(),
                          listing_.agencies.size(),
                          absl::FormatTime(absl::FromUnixSeconds(listing_.time),
                                           absl::UTCTimeZone())));
  const std::vector<std::string> problems = CompareFiles(dir_, listing_);
  for (const std::string& p : problems) r_->Fail("files", p);
  if (problems.empty()) {
    r_->Pass("files",
             absl::Substitute(_("all $0 files match the signed listing"),
                              listing_.files.size()));
  }
  return problems.empty();
}

void Verifier::LoadKeysFile() {
  if (!Listed("keys/keys.json")) return;
  if (absl::Status s = ReadJson(dir_, "keys/keys.json", false, &keys_file_);
      !s.ok()) {
    r_->Fail("keys", std::string(s.message()));
  }
}

// Trust passes from a trusted key to a new one only through a statement
// signed by both (format/key_rotation.h).
void Verifier::FollowRotations(AgencyTrust* a, const v1::AgencyKeys* listed) {
  std::vector<std::string> trusted = keys_.LogVkeys(a->origin);
  a->log_keys = keys_.LogKeys(a->origin);
  if (listed == nullptr) return;
  std::vector<bool> used(listed->rotations_size(), false);
  for (bool progress = true; progress;) {
    progress = false;
    for (int i = 0; i < listed->rotations_size(); ++i) {
      if (used[i]) continue;
      for (const std::string& old : trusted) {
        absl::StatusOr<KeyRotation> rot =
            VerifyKeyRotation(listed->rotations(i).statement(), a->origin, old);
        if (!rot.ok()) continue;
        auto v = NewNoteVerifier(rot->new_vkey);
        if (!v.ok()) break;
        a->log_keys.push_back(v->get());
        a->rotated.push_back(*std::move(v));
        trusted.push_back(rot->new_vkey);
        used[i] = progress = true;
        r_->Pass(absl::StrCat("keys ", a->id),
                 absl::Substitute(
                     _("rotation to $0 signed by the old and the new key"),
                     rot->new_vkey));
        break;
      }
    }
  }
}

absl::StatusOr<Checkpoint> Verifier::OpenCheckpoint(
    const AgencyTrust& a, const std::string& note,
    bool need_cosignature) const {
  DN_ASSIGN_OR_RETURN(OpenedNote by_agency, OpenNote(note, a.log_keys));
  if (need_cosignature) {
    absl::StatusOr<OpenedNote> by_hub = OpenNote(note, keys_.Cosigners());
    if (!by_hub.ok()) {
      return absl::UnauthenticatedError(
          absl::Substitute(_("no valid cosignature by a trusted cosigner: $0"),
                           by_hub.status().message()));
    }
    if (by_hub->verified.size() < min_cosignatures_) {
      return absl::UnauthenticatedError(absl::Substitute(
          _("$0 cosignatures by trusted witness keys, $1 required"),
          by_hub->verified.size(), min_cosignatures_));
    }
  }
  DN_ASSIGN_OR_RETURN(Checkpoint cp, ParseCheckpoint(by_agency.text));
  if (cp.origin != a.origin) {
    return absl::InvalidArgumentError(
        absl::Substitute(_("origin is $0, not $1"), cp.origin, a.origin));
  }
  return cp;
}

bool Verifier::CheckCheckpoint(AgencyTrust* a) {
  const std::string step = absl::StrCat("checkpoint ", a->id);
  const std::string name = absl::StrCat("checkpoints/", a->id, ".note");
  if (a->size == 0) {
    r_->Pass(step, _("no snapshot accepted yet: nothing to prove"));
    return false;
  }
  if (a->log_keys.empty()) {
    r_->Fail(step, absl::Substitute(_("no trusted key for $0; add the agency's "
                                      "vkey to the trusted keys"),
                                    a->origin));
    return false;
  }
  absl::StatusOr<std::string> note =
      Listed(name)
          ? ReadFile(absl::StrCat(dir_, "/", name), 64 << 10)
          : absl::NotFoundError(absl::Substitute(_("$0 is not listed"), name));
  absl::StatusOr<Checkpoint> cp =
      note.ok() ? OpenCheckpoint(*a, *note, true) : note.status();
  if (!cp.ok()) {
    r_->Fail(step, absl::StrCat(name, ": ", cp.status().message()));
    return false;
  }
  if (cp->size != a->size) {
    r_->Fail(step,
             absl::Substitute(_("$0 has tree size $1, the listing says $2"),
                              name, cp->size, a->size));
    return false;
  }
  a->checkpoint = *cp;
  r_->Pass(step,
           absl::Substitute(
               _("tree size $0, signed by the agency, cosigned by the hub"),
               cp->size));
  return true;
}

void Verifier::CheckBundles(const AgencyTrust& a) {
  const std::string step = absl::StrCat("bundles ", a.id);
  const std::string prefix = absl::StrCat("bundles/", a.id, "/");
  BundleTrust trust;
  trust.origin = a.origin;
  trust.log_keys = a.log_keys;
  trust.witnesses = keys_.Cosigners();
  trust.min_cosignatures = min_cosignatures_;
  trust.now = now_;
  int ok = 0, expired = 0;
  // Leaf indices proven, to show nothing of the snapshot was left out.
  std::set<uint64_t> indices;
  uint64_t entry_count = 0;
  for (const auto& [name, sha] : listing_.files) {
    absl::string_view rest = name;
    if (!absl::ConsumePrefix(&rest, prefix) ||
        !absl::ConsumeSuffix(&rest, ".bundle"))
      continue;
    absl::StatusOr<std::string> bytes =
        ReadFile(absl::StrCat(dir_, "/", name), kMaxProofBundleBytes + 1);
    absl::StatusOr<VerifiedBundle> v =
        bytes.ok() ? VerifyProofBundleBytes(*bytes, trust) : bytes.status();
    if (!v.ok()) {
      r_->Fail(step, absl::StrCat(name, ": ", v.status().message()));
      continue;
    }
    if (!v->entry.has_value() || v->entry->key() != rest) {
      r_->Fail(step, absl::Substitute(
                         _("$0: does not prove the entry \"$1\" its name says"),
                         name, rest));
      continue;
    }
    if (!(v->checkpoint == *a.checkpoint)) {
      r_->Fail(step,
               absl::Substitute(_("$0: proves it in a checkpoint of size $1, "
                                  "not the agency's current one (stale)"),
                                name, v->checkpoint.size));
      continue;
    }
    if (v->expired) ++expired;
    v1::ProofBundle parsed;
    parsed.ParseFromString(*bytes);  // verified above: it parses
    indices.insert(parsed.present().proof().leaf_index());
    entry_count = v->manifest.entry_count();
    proven_[name] = *v->entry;
    ++ok;
  }
  r_->Pass(step,
           absl::Substitute(
               _("$0 bundles prove their entries in the checkpoint of size $1"),
               ok, a.checkpoint->size));
  // Every entry of the snapshot has its bundle: an export cannot hide one.
  if (ok > 0 && indices.size() == entry_count &&
      *indices.rbegin() + 1 == entry_count) {
    r_->Pass(step,
             absl::Substitute(
                 _("complete: all $0 entries of the snapshot are exported"),
                 entry_count));
  } else {
    r_->Fail(step, absl::Substitute(
                       _("incomplete: $0 of $1 entries of the signed snapshot "
                         "are in the export (entries left out)"),
                       indices.size(), entry_count));
  }
  if (expired > 0) {
    r_->Warn(step, _("the snapshot expired: the agency is overdue (its data "
                     "may be out of date)"));
  }
}

void Verifier::CheckTables() {
  std::map<std::string, int> referenced;
  const auto check = [&](const std::string& bundle, const std::string& what,
                         const google::protobuf::Message& listed,
                         auto proven_part) {
    auto it = proven_.find(bundle);
    if (it == proven_.end()) {
      r_->Fail(
          "tables",
          absl::Substitute(_("$0: its bundle $1 is missing or did not verify"),
                           what, bundle));
      return;
    }
    ++referenced[bundle];
    const google::protobuf::Message* p = proven_part(it->second);
    if (p == nullptr || !MessageDifferencer::Equals(*p, listed)) {
      r_->Fail("tables",
               absl::Substitute(_("$0 differs from the entry its bundle proves "
                                  "(changed after signing)"),
                                what));
    }
  };
  v1::ExportedDatabase expected_db;
  v1::ExportedStatistics expected_stats;
  v1::ExportedDatabaseList dbs;
  if (absl::Status s = ReadJson(dir_, "databases.json", true, &dbs); !s.ok()) {
    r_->Fail("tables", std::string(s.message()));
  }
  // The tables hold each entry in its public form (core/public_form.h):
  // that form of the proven entry must be exactly what is listed.
  for (const auto& d : dbs.items()) {
    v1::ExportedDatabase listed = d;
    listed.clear_labels();  // names of codes, not part of the entry
    check(
        d.bundle(), absl::StrCat("databases.json ", d.entry_id()), listed,
        [&](const v1::DisclosureEntry& e) -> const google::protobuf::Message* {
          if (!e.has_database()) return nullptr;
          expected_db = PublicDatabase(d.agency_id(), e.database(), d.bundle());
          return &expected_db;
        });
  }
  v1::ExportedStatisticsList stats;
  if (absl::Status s = ReadJson(dir_, "statistics.json", true, &stats);
      !s.ok()) {
    r_->Fail("tables", std::string(s.message()));
  }
  for (const auto& st : stats.items()) {
    check(
        st.bundle(),
        absl::StrCat("statistics.json ", st.agency_id(), " ", st.period()), st,
        [&](const v1::DisclosureEntry& e) -> const google::protobuf::Message* {
          if (!e.has_statistics()) return nullptr;
          expected_stats =
              PublicStatistics(st.agency_id(), e.statistics(), st.bundle());
          return &expected_stats;
        });
  }
  for (const auto& [path, entry] : proven_) {
    if ((entry.has_database() || entry.has_statistics()) &&
        referenced[path] != 1) {
      r_->Fail("tables", absl::Substitute(
                             _("$0 is listed $1 times in the tables, not once"),
                             path, referenced[path]));
    }
  }
  r_->Pass("tables",
           absl::Substitute(_("$0 databases and $1 statistics periods checked "
                              "against their bundles"),
                            dbs.items_size(), stats.items_size()));
}

void Verifier::CheckHistory(const AgencyTrust& a) {
  const std::string step = absl::StrCat("history ", a.id);
  const std::string name = absl::StrCat("history/", a.id, ".json");
  v1::CheckpointHistory h;
  if (!Listed(name)) {
    r_->Fail(step, absl::Substitute(_("$0 is missing"), name));
    return;
  }
  if (absl::Status s = ReadJson(dir_, name, false, &h); !s.ok()) {
    r_->Fail(step, std::string(s.message()));
    return;
  }
  if (h.checkpoints_size() == 0 ||
      static_cast<size_t>(h.checkpoints_size()) > kMaxHistoryCheckpoints) {
    r_->Fail(step, _("no checkpoints, or too many"));
    return;
  }
  std::optional<Checkpoint> prev;
  for (const auto& hc : h.checkpoints()) {
    const std::string at = absl::StrCat(name, " size ", hc.tree_size());
    absl::StatusOr<Checkpoint> cp = OpenCheckpoint(a, hc.checkpoint(), true);
    if (!cp.ok()) {
      r_->Fail(step, absl::StrCat(at, ": ", cp.status().message()));
      return;
    }
    if (cp->size != hc.tree_size()) {
      r_->Fail(step, absl::Substitute(_("$0: the checkpoint's size is $1"), at,
                                      cp->size));
      return;
    }
    if (prev.has_value()) {
      const auto& p = hc.consistency_from_previous();
      absl::StatusOr<std::vector<Hash>> hashes =
          HashesFromProto(p.hashes(), 64);
      absl::Status s =
          !hashes.ok() ? hashes.status()
          : (p.size1() != prev->size || p.size2() != cp->size)
              ? absl::InvalidArgumentError(_("proof is for other sizes"))
              : VerifyConsistency(prev->size, cp->size, prev->root, cp->root,
                                  *hashes);
      if (!s.ok()) {
        r_->Fail(step,
                 absl::Substitute(_("$0: not consistent with size $1: $2"), at,
                                  prev->size, s.message()));
        return;
      }
    }
    prev = *cp;
  }
  if (!(*prev == *a.checkpoint)) {
    r_->Fail(step, _("the last checkpoint is not the agency's current one"));
    return;
  }
  r_->Pass(step, absl::Substitute(
                     _("$0 checkpoints, each consistent with the one before"),
                     h.checkpoints_size()));
}

void Verifier::CheckEvidence(const AgencyTrust& a) {
  const std::string step = absl::StrCat("evidence ", a.id);
  const std::string name = absl::StrCat("evidence/", a.id, ".json");
  if (!Listed(name)) return;
  v1::ExportedEvidence ev;
  if (absl::Status s = ReadJson(dir_, name, false, &ev); !s.ok()) {
    r_->Fail(step, std::string(s.message()));
    return;
  }
  for (int i = 0; i < ev.items_size(); ++i) {
    const auto& item = ev.items(i);
    const std::string at = absl::StrCat(name, " item ", i + 1);
    absl::StatusOr<Checkpoint> held =
        OpenCheckpoint(a, item.held_checkpoint(), false);
    absl::StatusOr<Checkpoint> offered =
        OpenCheckpoint(a, item.offered_checkpoint(), false);
    if (!held.ok() || !offered.ok()) {
      r_->Fail(step, absl::Substitute(
                         _("$0: not signed by the agency: $1"), at,
                         (held.ok() ? offered : held).status().message()));
      continue;
    }
    const bool rollback = offered->size < held->size;
    const bool fork =
        offered->size == held->size && offered->root != held->root;
    if ((item.kind() == "ROLLBACK" && !rollback) ||
        (item.kind() == "EQUIVOCATION" && !fork) ||
        (item.kind() != "ROLLBACK" && item.kind() != "EQUIVOCATION")) {
      r_->Fail(step,
               absl::Substitute(_("$0: the two checkpoints do not show a $1"),
                                at, item.kind()));
      continue;
    }
    r_->Pass(step,
             absl::Substitute(
                 _("$0: $1 proven: sizes $2 and $3, both signed by the agency"),
                 at, item.kind(), held->size, offered->size));
  }
}

void Verifier::Run() {
  if (!CheckListing()) return;
  LoadKeysFile();
  std::map<std::string, const v1::AgencyKeys*> listed_keys;
  for (const auto& k : keys_file_.agencies()) listed_keys[k.agency_id()] = &k;
  for (const auto& [id, size] : listing_.agencies) {
    auto a = std::make_unique<AgencyTrust>();
    a->id = id;
    a->size = size;
    auto it = listed_keys.find(id);
    if (it == listed_keys.end() ||
        !absl::EndsWith(it->second->origin(), absl::StrCat("/agency/", id))) {
      r_->Fail(absl::StrCat("keys ", id),
               _("keys/keys.json does not name the agency's log origin"));
      continue;
    }
    a->origin = it->second->origin();
    FollowRotations(a.get(), it->second);
    if (!CheckCheckpoint(a.get())) {
      CheckEvidence(*a);
      continue;
    }
    CheckBundles(*a);
    CheckHistory(*a);
    CheckEvidence(*a);
  }
  CheckTables();
}

}  // namespace

absl::StatusOr<ExportReport> VerifyExport(const std::string& dir,
                                          const TrustedKeys& keys,
                                          absl::Time now,
                                          size_t min_cosignatures) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::Substitute(_("$0 is not a folder"), dir));
  }
  ExportReport report;
  Verifier(dir, keys, now, min_cosignatures, &report).Run();
  return report;
}

}  // namespace disclosure::verify

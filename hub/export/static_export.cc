#include "hub/export/static_export.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/crash_point.h"
#include "core/csv.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/periods.h"
#include "format/encoding.h"
#include "format/export_listing.h"
#include "format/sha256.h"
#include "format/status_macros.h"
#include "hub/export/agency_inputs.h"
#include "hub/export/export_agency.h"
#include "hub/export/export_docs.h"
#include "hub/export/export_file.h"
#include "hub/export/export_labels.h"
#include "hub/export/export_participation.h"
#include "hub/export/export_tables.h"
#include "hub/export/parallel_files.h"
#include "hub/export/site_builder.h"
#include "hub/index/agency_summary.h"
#include "hub/storage/freshness.h"

namespace disclosure::hub {
namespace {

namespace fs = std::filesystem;
namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

constexpr absl::string_view kLinkagesHeader =
    "from_entry_id,to,direction,direction_zh,direction_en,join_key_type,"
    "join_key_type_zh,purpose_zh,purpose_en,legal_basis,"
    "via_out_of_purpose_use,dangling,confirmed\r\n";

std::string LinkageCsvRow(const v1h::LinkageEdge& e) {
  const std::string direction = v1::Linkage::Direction_Name(e.direction());
  const std::string join = v1::JoinKeyType_Name(e.join_key_type());
  std::vector<std::string> basis;
  for (const auto& b : e.legal_basis())
    basis.push_back(absl::StrCat(b.statute(), "|", b.article()));
  return absl::StrCat(
      CsvQuote(e.from_entry_id()), ",", CsvQuote(e.to()), ",", direction, ",",
      CsvQuote(EnumValueLabel(direction).zh_tw()), ",",
      CsvQuote(EnumValueLabel(direction).en()), ",", join, ",",
      CsvQuote(EnumValueLabel(join).zh_tw()), ",",
      CsvQuote(e.purpose().zh_tw()), ",", CsvQuote(e.purpose().en()), ",",
      CsvQuote(absl::StrJoin(basis, ";")), ",",
      e.via_out_of_purpose_use() ? "true" : "false", ",",
      e.dangling() ? "true" : "false", ",", e.confirmed() ? "true" : "false",
      "\r\n");
}

constexpr size_t kEdgesPerBatch = 2000;

// linkages.json ({"edges": [...]}) and linkages.csv, a batch of the
// graph's edges at a time.
absl::Status WriteLinkages(const DisclosureIndex& index, const std::string& dir,
                           SiteBuilder* site, ExportListing* listing) {
  ExportFile json(dir, "linkages.json");
  ExportFile csv(dir, "linkages.csv");
  csv.Append(absl::StrCat("\xEF\xBB\xBF", kLinkagesHeader));
  json.Append("{\"edges\":");
  JsonArrayWriter edges(&json);
  DisclosureIndex::EdgeCursor cursor;
  for (;;) {
    // A few MB of edges at a time: the index's lock is not held while they
    // are written.
    const std::vector<v1h::LinkageEdge> batch =
        index.NextEdges(&cursor, kEdgesPerBatch);
    if (batch.empty()) break;
    for (const auto& e : batch) {
      edges.Add(ToJsonStated(e));
      csv.Append(LinkageCsvRow(e));
      site->AddLinkage(e);
    }
  }
  edges.End();
  json.Append("}\n");
  DN_RETURN_IF_ERROR(json.Close(listing));
  return csv.Close(listing);
}

// coverage.json: GetCoverageResponse as JSON, its map of what each
// incomplete database lacks written one database at a time.
absl::Status WriteCoverage(const DisclosureIndex& index,
                           const std::vector<std::string>& agencies,
                           const std::string& period, const std::string& dir,
                           SiteBuilder* site, ExportListing* listing) {
  SpillFile missing(dir);
  std::vector<std::pair<std::string, std::string>> for_site;
  bool first = true;
  const v1h::GetCoverageResponse totals = index.CoverageEach(
      agencies, period,
      [&](const std::string& entry_id, const std::string& what) {
        missing.Append(absl::StrCat(first ? "" : ",", JsonQuoted(entry_id), ":",
                                    JsonQuoted(what)));
        // The page names each database, which reads the index: not under
        // the index's lock, so after the walk (ids and item names only).
        for_site.emplace_back(entry_id, what);
        first = false;
      });
  // Every field is printed, the empty map too: the list goes inside it.
  const std::string json = ToJson(totals);
  const std::string empty_map = "\"missing_fields\":{}";
  const size_t at = json.find(empty_map);
  if (at == std::string::npos) {
    return absl::InternalError("coverage.json: no missing_fields to fill");
  }
  const size_t inside = at + empty_map.size() - 1;
  ExportFile f(dir, "coverage.json");
  f.Append(absl::string_view(json).substr(0, inside));
  DN_RETURN_IF_ERROR(missing.CopyTo(&f));
  f.Append(absl::string_view(json).substr(inside));
  f.Append("\n");
  site->SetCoverage(totals);
  for (const auto& [entry_id, what] : for_site)
    site->AddIncomplete(entry_id, what);
  return f.Close(listing);
}

absl::Status WriteKeys(const v1::ExportKeys& keys, const std::string& dir,
                       ExportListing* listing) {
  DN_RETURN_IF_ERROR(WriteExportFile(
      dir, "keys/keys.json", ToJson(keys, /*pretty=*/true) + "\n", listing));
  DN_RETURN_IF_ERROR(WriteExportFile(dir, "keys/hub-cosigner.vkey",
                                     keys.cosigner_vkey() + "\n", listing));
  DN_RETURN_IF_ERROR(WriteExportFile(dir, "keys/export-signer.vkey",
                                     keys.export_vkey() + "\n", listing));
  for (const v1::WitnessKey& w : keys.witnesses()) {
    DN_RETURN_IF_ERROR(
        WriteExportFile(dir, absl::StrCat("keys/witness-", w.name(), ".vkey"),
                        w.vkey() + "\n", listing));
  }
  for (const v1::AgencyKeys& a : keys.agencies()) {
    DN_RETURN_IF_ERROR(WriteExportFile(
        dir, absl::StrCat("keys/agencies/", a.agency_id(), ".vkey"),
        absl::StrJoin(a.current_vkeys(), "\n") + "\n", listing));
  }
  return absl::OkStatus();
}

// The listing and the signed note committing to it: the last files written.
absl::Status WriteListing(ExportListing* listing,
                          const std::string& header_lines,
                          const NoteSigner& signer, absl::Time now,
                          const std::string& dir) {
  ExportFile text(dir, "export-manifest.txt");
  text.Append(absl::StrCat(kExportListingHeader, "\ntime ",
                           absl::ToUnixSeconds(now), "\n", header_lines));
  absl::Status copied = listing->CopyTo(&text);
  absl::StatusOr<std::string> sha = text.CloseUnlisted();
  DN_RETURN_IF_ERROR(copied);
  DN_RETURN_IF_ERROR(sha.status());
  const std::string note_text =
      absl::StrCat(kExportListingHeader, "\ntime ", absl::ToUnixSeconds(now),
                   "\nexport-manifest.txt ", *sha, "\n");
  DN_ASSIGN_OR_RETURN(std::string note, SignNote(note_text, {&signer}));
  return WriteNewFile(dir + "/export-manifest.note", note, 0644);
}

// Every file of the export into `dir` (which exists and is empty).
absl::Status WriteFiles(const HubStore& store, const DisclosureIndex& index,
                        const std::vector<v1h::RegisteredAgency>& registry,
                        const ExportSettings& settings, absl::Time now,
                        const std::string& dir) {
  if (settings.signer == nullptr) {
    return absl::FailedPreconditionError(
        "no export-signing key: set export_signing_key_file in the hub "
        "configuration");
  }
  PhaseClock clock(settings.report);
  const PreviousExport previous =
      PreviousExport::Open(settings.previous_export);
  clock.Mark("reading the previous listing");
  ExportListing listing(dir, &previous);
  // Agencies in id order: the site's lists and search index follow the
  // order in which their entries arrive.
  std::vector<v1h::RegisteredAgency> by_id = registry;
  std::sort(by_id.begin(), by_id.end(), [](const auto& a, const auto& b) {
    return a.agency_id() < b.agency_id();
  });
  v1::ExportKeys keys;
  keys.set_cosigner_vkey(settings.cosigner_vkey);
  keys.set_export_vkey(settings.export_vkey);
  for (const auto& [name, vkey] : settings.witness_vkeys) {
    v1::WitnessKey* w = keys.add_witnesses();
    w->set_name(name);
    w->set_vkey(vkey);
  }
  std::string header_lines;
  std::set<std::string> with_evidence;
  SiteBuilder::Inputs site_inputs;
  site_inputs.trust_domain = settings.trust_domain;
  site_inputs.registry = registry;
  site_inputs.vocabularies = settings.vocabularies;
  site_inputs.synonyms = settings.synonyms;
  site_inputs.now = now;
  site_inputs.criminal_statistics_url = settings.criminal_statistics_url;
  site_inputs.participation = settings.participation;
  // Demonstration data anywhere: every page says so.
  for (const auto& reg : registry) {
    const std::optional<v1::AgencyProfile> p = index.Profile(reg.agency_id());
    if (p.has_value() && p->synthetic()) site_inputs.demonstration = true;
  }
  site_inputs.witnesses.emplace_back("hub", settings.cosigner_vkey);
  for (const auto& w : settings.witness_vkeys)
    site_inputs.witnesses.push_back(w);
  // From the index, as the edges are: no name is kept per database.
  site_inputs.database_name =
      [&index](
          const std::string& agency_id,
          const std::string& database_id) -> std::optional<v1::LocalizedText> {
    std::optional<v1::DatabaseEntry> db =
        index.GetDatabase(agency_id, database_id);
    if (!db.has_value()) return std::nullopt;
    return db->file_name();
  };
  const auto witnesses = site_inputs.witnesses;  // site_inputs moves below
  SiteInputs inputs;
  inputs.trust_domain = settings.trust_domain;
  inputs.registry = &by_id;
  inputs.vocabularies = settings.vocabularies;
  inputs.witnesses = &witnesses;
  inputs.participation = settings.participation;
  inputs.demonstration = site_inputs.demonstration;
  AgencyExportContext ctx;
  ctx.trust_domain = settings.trust_domain;
  ctx.dir = dir;
  ctx.previous = &previous;
  ctx.participation = settings.participation;
  ctx.report = settings.report;
  ctx.previous_rows = settings.previous_rows;
  SiteBuilder site(dir, std::move(site_inputs), &listing);
  inputs.today = site.today();
  ctx.site_digest = SiteInputsDigest(inputs);
  clock.Mark("site set-up");
  {
    ExportTables tables(dir, settings.vocabularies);
    for (const auto& reg : by_id) {
      DN_ASSIGN_OR_RETURN(
          AgencyExportResult r,
          ExportAgency(store, reg, ctx, &tables, &site, &listing));
      absl::StrAppend(&header_lines, "agency ", reg.agency_id(), " size ",
                      r.tree_size, "\n");
      if (r.has_evidence) with_evidence.insert(reg.agency_id());
      *keys.add_agencies() = std::move(r.keys);
    }
    clock.Restart();  // ExportAgency charged its own phases
    DN_RETURN_IF_ERROR(tables.Close(&listing));
    if (settings.rows_out != nullptr) *settings.rows_out = tables.TakeRows();
  }
  clock.Mark("tables");
  CrashPoint("hub.export.midway");
  {
    ExportFile agencies(dir, "agencies.json");
    JsonArrayWriter json(&agencies);
    for (const auto& a : SummarizeAgencies(store, index, registry, now)) {
      json.Add(ToJson(a));
      const std::string evidence =
          absl::StrCat("evidence/", a.agency_id(), ".json");
      site.AddAgency(a, with_evidence.count(a.agency_id()) ? evidence : "");
    }
    json.End();
    DN_RETURN_IF_ERROR(agencies.Close(&listing));
  }
  clock.Mark("agency summaries");
  DN_RETURN_IF_ERROR(WriteLinkages(index, dir, &site, &listing));
  clock.Mark("linkages");
  std::vector<std::string> ids;
  for (const auto& reg : registry) ids.push_back(reg.agency_id());
  DN_RETURN_IF_ERROR(WriteCoverage(
      index, ids,
      LastCompletedPeriod(now, v1::node::STATISTICS_PERIOD_HALF_YEAR).label,
      dir, &site, &listing));
  clock.Mark("coverage");
  DN_RETURN_IF_ERROR(site.Finish());
  clock.Mark("site pages");
  DN_RETURN_IF_ERROR(WriteExportFile(
      dir, "labels.json",
      ToJson(AllLabels(settings.vocabularies), /*pretty=*/true) + "\n",
      &listing));
  DN_RETURN_IF_ERROR(WriteKeys(keys, dir, &listing));
  if (settings.participation != nullptr) {
    DN_RETURN_IF_ERROR(
        WriteParticipation(*settings.participation, dir, &listing));
  }
  DN_RETURN_IF_ERROR(WriteExportDocs(dir, &listing));
  clock.Mark("keys and documents");
  DN_ASSIGN_OR_RETURN(
      std::string digest,
      ExportStateDigest(store, registry, now, settings.participation_state));
  absl::StrAppend(&header_lines, "state ", digest, "\n");
  clock.Mark("state digest");
  absl::Status written =
      WriteListing(&listing, header_lines, *settings.signer, now, dir);
  clock.Mark("listing");
  return written;
}

// ".<name>.partial-<pid>-<nanos>": where an export is written before it is
// renamed into place; hidden, so web servers do not list it.
std::string PartialName(const std::string& name) {
  return absl::StrCat(".", name, ".partial-", getpid(), "-",
                      absl::ToUnixNanos(absl::Now()));
}

// Removes leftovers of killed exports of `name` in `parent`.
void RemovePartials(const fs::path& parent, const std::string& name) {
  std::error_code ec;
  const std::string prefix = absl::StrCat(".", name, ".partial-");
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    if (absl::StartsWith(e.path().filename().string(), prefix))
      fs::remove_all(e.path(), ec);
  }
}

absl::Status SyncDir(const fs::path& dir) {
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return ErrnoStatus(errno, _("opening"), dir.string());
  const int rc = fsync(fd);
  close(fd);
  return rc == 0 ? absl::OkStatus()
                 : ErrnoStatus(errno, _("syncing"), dir.string());
}

}  // namespace

absl::Status WriteExport(const HubStore& store, const DisclosureIndex& index,
                         const std::vector<v1h::RegisteredAgency>& registry,
                         const ExportSettings& settings, absl::Time now,
                         const std::string& dir) {
  const fs::path target = fs::absolute(fs::path(dir)).lexically_normal();
  const fs::path parent = target.parent_path();
  std::error_code ec;
  if (fs::exists(fs::symlink_status(target)))
    return absl::AlreadyExistsError(absl::StrCat(dir, " already exists"));
  fs::create_directories(parent, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("creating ", parent.string(), ": ", ec.message()));
  }
  RemovePartials(parent, target.filename().string());
  const fs::path partial = parent / PartialName(target.filename().string());
  PhaseClock clock(settings.report);
  fs::create_directory(partial, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("creating ", partial.string(), ": ", ec.message()));
  }
  absl::Status s =
      WriteFiles(store, index, registry, settings, now, partial.string());
  clock.Restart();  // WriteFiles charged its own phases
  if (s.ok() && rename(partial.c_str(), target.c_str()) != 0)
    s = ErrnoStatus(errno, _("renaming the export to"), dir);
  if (!s.ok()) {
    fs::remove_all(partial, ec);
    return s;
  }
  s = SyncDir(parent);
  if (s.ok() && settings.rows_out != nullptr)
    settings.rows_out->export_dir = NormalExportDir(target.string());
  clock.Mark("renaming into place");
  return s;
}

absl::Status ExportAtomically(
    const HubStore& store, const DisclosureIndex& index,
    const std::vector<v1h::RegisteredAgency>& registry,
    const ExportSettings& settings, absl::Time now, const std::string& link) {
  const fs::path l = fs::absolute(fs::path(link)).lexically_normal();
  const std::string name = l.filename().string();
  std::error_code ec;
  fs::create_directories(l.parent_path(), ec);
  if (fs::exists(fs::symlink_status(l)) && !fs::is_symlink(l)) {
    return absl::FailedPreconditionError(
        absl::StrCat(link, " exists and is not a symlink; move it away"));
  }
  const std::string target =
      absl::StrCat(name, "-", absl::ToUnixNanos(absl::Now()));
  // The export the link points at now: what did not change is reused.
  ExportSettings with_previous = settings;
  if (fs::is_symlink(fs::symlink_status(l))) {
    with_previous.previous_export =
        (l.parent_path() / fs::read_symlink(l, ec)).string();
  }
  DN_RETURN_IF_ERROR(WriteExport(store, index, registry, with_previous, now,
                                 (l.parent_path() / target).string()));
  const std::string tmp_link = l.string() + ".new";
  fs::remove(tmp_link, ec);
  fs::create_directory_symlink(target, tmp_link, ec);
  if (ec)
    return absl::UnavailableError(absl::StrCat("symlink: ", ec.message()));
  if (rename(tmp_link.c_str(), l.c_str()) != 0) {
    return ErrnoStatus(errno, _("renaming"), tmp_link);
  }
  // Every earlier export folder of this link goes, including ones a killed
  // hub left between writing a folder and swapping the link, and partial
  // folders of killed exports (".<name>-<n>.partial-...").
  PhaseClock clock(settings.report);
  const std::string prefix = absl::StrCat(name, "-");
  const std::string partial_prefix = absl::StrCat(".", prefix);
  for (const auto& e : fs::directory_iterator(l.parent_path(), ec)) {
    const std::string f = e.path().filename().string();
    if (fs::is_symlink(e.symlink_status()) || f == target) continue;
    const bool earlier =
        absl::StartsWith(f, prefix) &&
        f.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
    const bool partial = absl::StartsWith(f, partial_prefix) &&
                         absl::StrContains(f, ".partial-");
    if (earlier || partial) RemoveTree(e.path().string());
  }
  absl::Status synced = SyncDir(l.parent_path());
  clock.Mark("removing earlier exports");
  return synced;
}

absl::StatusOr<std::string> ExportStateDigest(
    const HubStore& store, const std::vector<v1h::RegisteredAgency>& registry,
    absl::Time now, absl::string_view participation_state) {
  Sha256 sha;
  // Submissions, answers and deadlines passing (participation_desk.h).
  if (!participation_state.empty())
    sha.Update(absl::StrCat(participation_state, "\n"));
  for (const auto& reg : registry) {
    DN_ASSIGN_OR_RETURN(auto state, store.GetAgency(reg.agency_id()));
    DN_ASSIGN_OR_RETURN(auto evidence, store.ListEvidence(reg.agency_id()));
    // The registry entry too: a renamed agency reads differently.
    std::string line =
        absl::StrCat("agency ", reg.agency_id(), " registered ",
                     HexEncode(AsBytes(Sha256::Of(reg.SerializeAsString()))));
    if (state.has_value()) {
      const FreshnessView f = FreshnessAt(*state, absl::ToUnixSeconds(now));
      absl::StrAppend(&line, " freshness ", f.freshness, " since ", f.since,
                      " size ", state->log_size(), " misbehaving ",
                      state->misbehaving_since(), " clearances ",
                      state->clearances_size());
    }
    absl::StrAppend(&line, " evidence ", evidence.size(), "\n");
    sha.Update(line);
  }
  return HexEncode(AsBytes(sha.Finish()));
}

std::string ExportedStateDigest(const std::string& dir) {
  // Only the header is read: the file lines after it can run to tens of
  // megabytes.
  std::ifstream in(dir + "/export-manifest.txt");
  std::string line;
  for (int n = 0; n < 100000 && std::getline(in, line); ++n) {
    absl::string_view l = line;
    if (absl::ConsumePrefix(&l, "state ")) return std::string(l);
    if (absl::StartsWith(l, "file ")) break;
  }
  return "";
}

}  // namespace disclosure::hub

// The public site, written by the export beside its data: static HTML in
// Traditional Chinese at the root and English under en/, readable without
// JavaScript (the databases page's search and filters use search.js over
// search-index.json), with SVG charts and graph drawn at export, Atom feeds
// of what changed (feed.xml, feeds/<agency>.xml), and no third-party
// requests. Rendered with mustache templates (site_templates.h): agency
// text is always escaped.
//
//   index.html  databases.html  who.html  linkages.html  requests.html
//   agencies.html  coverage.html  verify.html  db/<agency>/<database>.html
//   (and the same under en/)
//
// Each page is rendered by its own file, page_<name>.cc, listed in
// site_pages.cc; the builder holds what they share.
//
// Database pages are written as entries arrive, and so are the rows of the
// long lists (the databases table, "who holds my data", the linkage table,
// search-index.json): into unnamed temporary files in the export folder,
// copied into their pages at Finish. The lists follow the order entries
// and edges are added in. Nothing stays in memory per database.
// The builder's state is in site_builder_state.h; the lists are written by
// site_lists.cc, the linkage page by site_linkages.cc.
#ifndef DISCLOSURE_HUB_EXPORT_SITE_BUILDER_H_
#define DISCLOSURE_HUB_EXPORT_SITE_BUILDER_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "core/synonyms.h"
#include "core/vocabulary.h"
#include "disclosure/v1/entry.pb.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "disclosure/v1/hub/index_service.pb.h"
#include "hub/export/export_file.h"
#include "hub/participation/participation_view.h"

namespace disclosure::hub {

// One accepted publication of an agency, for the feeds and "recent changes".
struct Publication {
  std::string agency_id;
  int64_t accepted_at = 0;
  uint64_t tree_size = 0;
  std::vector<std::string> changed_keys;  // added, changed or removed
  // The checkpoint as accepted, with every cosignature line.
  std::string checkpoint_note;
};

class SiteBuilder {
 public:
  // Rows of one page of an agency's database list (about 450 bytes each,
  // so a page stays under 300 KB); longer lists go on to
  // databases/<agency>-2.html and so on.
  static constexpr uint64_t kListPageRows = 500;
  // Databases listed per topic on who/<agency>.html; the agency's database
  // list names every one.
  static constexpr uint64_t kWhoTopicRows = 200;

  struct Inputs {
    std::string trust_domain;
    std::vector<disclosure::v1::hub::RegisteredAgency> registry;
    const Vocabularies* vocabularies = nullptr;  // may be null
    const Synonyms* synonyms = nullptr;          // may be null
    absl::Time now;
    // The witnesses whose cosignatures the site names (name -> cosignature
    // vkey), the hub's first; a line by any other key is not shown.
    std::vector<std::pair<std::string, std::string>> witnesses;
    // Where criminal-investigation statistics are published ("": no link).
    std::string criminal_statistics_url;
    // Participation (questions, opinions, answers); null when the hub
    // takes none: the site then has no forms.
    const ParticipationView* participation = nullptr;
    // True when any agency publishes demonstration data: every page then
    // says so at its top.
    bool demonstration = false;
    // The name of a database, for the linkage table (which names both ends
    // of every edge); may be empty, and may answer nullopt: the entry id
    // is shown then.
    std::function<std::optional<disclosure::v1::LocalizedText>(
        const std::string& agency_id, const std::string& database_id)>
        database_name;
  };
  SiteBuilder(std::string dir, Inputs inputs, ExportListing* listing);
  ~SiteBuilder();

  // The files of `agency_id` are written until EndAgency: its pages carry
  // no export time, so that they change only when what they show does.
  void BeginAgency(const std::string& agency_id);
  // The other agencies the agency's pages named since BeginAgency, sorted.
  std::vector<std::string> EndAgency();

  // Whether AddEntry writes the database's pages too, or only adds it to
  // the site's lists (its pages are reused from the previous export).
  enum class Pages { kWrite, kReused };
  // A published entry (database pages are written at once).
  void AddEntry(const std::string& agency_id,
                const disclosure::v1::DisclosureEntry& entry,
                const std::string& bundle_path, Pages pages = Pages::kWrite);
  // Taipei's date the pages are rendered for (YYYY-MM-DD).
  const std::string& today() const;
  void AddPublication(Publication p);
  void AddAgency(const disclosure::v1::hub::AgencySummary& summary,
                 const std::string& evidence_path);
  void AddLinkage(const disclosure::v1::hub::LinkageEdge& edge);
  void SetCoverage(const disclosure::v1::hub::GetCoverageResponse& coverage);
  // One incomplete database and what it lacks (core/coverage.h's item
  // names joined by ", "), for coverage.html.
  void AddIncomplete(const std::string& entry_id, const std::string& missing);

  // Writes every other page, the feeds, the search index and the assets;
  // the first error met since construction, if any.
  absl::Status Finish();

  // What the builder gathers, and the helpers its pages share: defined in
  // site_builder_state.h for the builder's files and its pages
  // (site_pages.h); opaque to everyone else.
  struct State;

 private:
  std::unique_ptr<State> s_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_SITE_BUILDER_H_

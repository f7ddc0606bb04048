// The pages of the site. The builder (site_builder.h) gathers what the
// export hands it into its state (site_builder_state.h); each page is
// rendered from that state by its own file, page_<name>.cc, as LevelDB's
// TableBuilder hands its blocks to BlockBuilder and FilterBlockBuilder.
//
// A new page written once per language at the end of the export: write its
// page_<name>.cc with `void NamePage(SiteBuilder::State& s, Lang l)` (the
// build finds it) and add one line to DN_SITE_PAGES in site_pages.cc.
#ifndef DISCLOSURE_HUB_EXPORT_SITE_PAGES_H_
#define DISCLOSURE_HUB_EXPORT_SITE_PAGES_H_

#include <string>
#include <vector>

#include "disclosure/v1/entry.pb.h"
#include "hub/export/site_builder.h"
#include "hub/export/site_text.h"

namespace disclosure::hub {

// Renders one page in language `l` from the builder's state; a failure is
// left in the state's status.
using SitePage = void (*)(SiteBuilder::State& s, site::Lang l);

// Every page written at the end of the export, in the order written.
const std::vector<SitePage>& SitePages();

// The page of one database, written as its entry arrives (page_database.cc).
void DatabasePage(SiteBuilder::State& s, site::Lang l,
                  const std::string& agency_id,
                  const disclosure::v1::DatabaseEntry& db,
                  const std::string& page, const std::string& bundle);

// The Atom feeds, of all agencies and of each (page_feeds.cc): in Chinese
// only, once per export.
void Feeds(SiteBuilder::State& s);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_SITE_PAGES_H_

// The builder's record of what is withheld (format 2), for
// withholding.html: filled as entries arrive.
#include "absl/strings/str_cat.h"
#include "hub/export/site_builder_state.h"

namespace disclosure::hub {

void SiteBuilder::State::NoteWithheldItems(
    const std::string& agency_id, const std::string& page,
    const v1::LocalizedText& name, const std::vector<WithheldItem>& items) {
  if (items.empty()) return;  // an agency is listed only if it withholds
  WithheldAgency& agency = withheld[agency_id];
  for (const WithheldItem& item : items) {
    ++agency.items;
    if (ReviewOverdue(*item.withholding, today)) ++agency.overdue;
    if (withheld_rows >= kMaxWithheldRows) {
      withheld_rows_cut = true;
      continue;
    }
    ++withheld_rows;
    agency.rows.push_back({page, name, item.what, *item.withholding});
  }
}

void SiteBuilder::State::NoteWithheld(const std::string& agency_id,
                                      const v1::DatabaseEntry& db,
                                      const std::string& page) {
  NoteWithheldItems(agency_id, page, db.file_name(), WithheldItems(db));
}

void SiteBuilder::State::NoteWithheld(const std::string& agency_id,
                                      const v1::RequestStatistics& s) {
  v1::LocalizedText name;
  name.set_zh_tw(absl::StrCat(s.period(), " 調取統計"));
  name.set_en(absl::StrCat(s.period(), " request statistics"));
  NoteWithheldItems(agency_id, absl::StrCat("requests/", agency_id, ".html"),
                    name, WithheldItems(s));
}

}  // namespace disclosure::hub

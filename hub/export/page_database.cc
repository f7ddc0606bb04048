// db/<agency>/<database>.html: one database, written as its entry arrives.
#include "format/entry_key.h"
#include "hub/export/database_page.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"
#include "hub/export/site_participation.h"

namespace disclosure::hub {

void DatabasePage(SiteBuilder::State& s, Lang l, const std::string& agency_id,
                  const v1::DatabaseEntry& db, const std::string& page,
                  const std::string& bundle) {
  site::DatabasePageNames names;
  names.agency = [&](const std::string& id) { return s.AgencyName(l, id); };
  names.code = [&](const std::string& code, bool category) {
    return s.CodeName(l, code, category);
  };
  names.entry = [&](const std::string& id) { return s.ShownName(l, id); };
  auto profile = s.profiles.find(agency_id);
  data d = site::DatabasePageData(
      l, agency_id, db,
      profile == s.profiles.end() ? nullptr
                                  : &profile->second.default_rights_channels(),
      bundle, names, s.today);
  d.set("participation", site::ParticipationSection(
                             l, s.in.participation, agency_id,
                             {DatabaseKey(db.database_id())}, "db", s.today));
  s.Page(l, page, Pick(l, db.file_name()), site::kDatabase, std::move(d));
}

}  // namespace disclosure::hub

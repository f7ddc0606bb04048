// What a database's page says: every field of the signed entry that is not
// empty, in words (zh-TW or English), grouped as a citizen looks for them:
// what is held and why, the law, uses outside the purpose, linkages, how
// to exercise each right (naming the rights the agency's default channels
// take, which are listed on the agencies page), oversight, and the record of
// the disclosure with its proof. Ids appear only as names and links; agency
// text is a run (site_values.h).
//
// tests/hub/database_page_test.cc walks the signed fields of an entry and
// checks that each one reaches both pages.
#ifndef DISCLOSURE_HUB_EXPORT_DATABASE_PAGE_H_
#define DISCLOSURE_HUB_EXPORT_DATABASE_PAGE_H_

#include <functional>
#include <kainjow/mustache.hpp>
#include <string>

#include "disclosure/v1/database.pb.h"
#include "hub/export/site_text.h"

namespace disclosure::hub::site {

struct DatabasePageNames {
  // The agency's name.
  std::function<std::string(const std::string& agency_id)> agency;
  // The official name of a data category (`category`) or specific purpose
  // code in the page's language; "" when unknown.
  std::function<std::string(const std::string& code, bool category)> code;
  // What a linked database is shown as (its name, else its id).
  std::function<std::string(const std::string& entry_id)> entry;
};

// Sets "channels" and "shared" of `d` as DN_CHANNELS draws them
// (site_templates.cc): the details every channel states alike (where to go,
// the ID to bring, redress) once in "shared", the rest per channel.
void SetChannels(
    Lang l,
    const google::protobuf::RepeatedPtrField<disclosure::v1::RightsChannel>&
        channels,
    kainjow::mustache::data* d);

// The data of the database page template (site_templates.h, kDatabase).
// `agency_defaults` may be null; `bundle` is the entry's proof bundle;
// `today` (Taipei, "YYYY-MM-DD") tells which withholding is overdue.
kainjow::mustache::data DatabasePageData(
    Lang l, const std::string& agency_id,
    const disclosure::v1::DatabaseEntry& db,
    const google::protobuf::RepeatedPtrField<disclosure::v1::RightsChannel>*
        agency_defaults,
    const std::string& bundle, const DatabasePageNames& names,
    const std::string& today);

}  // namespace disclosure::hub::site

#endif  // DISCLOSURE_HUB_EXPORT_DATABASE_PAGE_H_

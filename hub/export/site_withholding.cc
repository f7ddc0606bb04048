#include "hub/export/site_withholding.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "core/periods.h"
#include "format/withholding.h"
#include "hub/export/site_values.h"

namespace disclosure::hub::site {
namespace {

namespace v1 = disclosure::v1;
using kainjow::mustache::data;

// Where a withheld field is said on the database page: the section's list,
// and the label of the field there (a key of SiteText).
struct Place {
  const char* section;
  const char* label;
};

const std::map<std::string, Place>& Places() {
  static const auto* places = new std::map<std::string, Place>{
      {"description", {"withheld_what", "withheld_description"}},
      {"contact", {"withheld_what", "contact"}},
      {"subject_categories", {"withheld_what", "subjects"}},
      {"approx_subjects", {"withheld_what", "withheld_approx"}},
      {"sensitive_types", {"withheld_what", "sensitive"}},
      {"record_sources", {"withheld_what", "sources"}},
      {"retention", {"withheld_what", "retention"}},
      {"security_summary", {"withheld_what", "security"}},
      {"intl_transfer", {"withheld_what", "intl_transfer"}},
      {"access_exemptions", {"withheld_what", "access_exemptions"}},
      {"art6_ground", {"withheld_law", "art6"}},
      {"rights_channels", {"withheld_rights", "withheld_channels"}},
      {"opt_out", {"withheld_rights", "withheld_optout"}},
      {"oversight", {"withheld_rights", "oversight_title"}},
      {"last_reviewed_at", {"withheld_proof", "last_reviewed"}},
      {"next_review_due", {"withheld_proof", "next_review"}},
      {"attested_by", {"withheld_proof", "attested"}},
      {"source_url", {"withheld_proof", "source"}},
      {"source_content_sha256", {"withheld_proof", "withheld_source_hash"}},
      {"system_of_records_url", {"withheld_proof", "records_url"}},
  };
  return *places;
}

// One item of a code list (categories, purposes) saying the sentence.
data CodeItem(const std::string& sentence) {
  data x;
  x.set("code", data(data::type::bool_false));
  x.set("official", sentence);
  x.set("name", data(data::type::bool_false));
  x.set("note", data(data::type::bool_false));
  return x;
}

}  // namespace

std::string WithheldWhat(Lang l, const std::string& what) {
  const auto& t = SiteText(l);
  static const std::map<std::string, std::string>* in_place =
      new std::map<std::string, std::string>{
          {"data_categories", "categories"},
          {"specific_purposes", "purposes"},
          {"holding_basis", "holding_basis"},
          {"collection_ground", "collection_ground"}};
  if (auto p = Places().find(what); p != Places().end())
    return t.at(p->second.label);
  if (auto p = in_place->find(what); p != in_place->end())
    return t.at(p->second);
  const size_t open = what.find('['), close = what.find(']');
  const std::string id = open != std::string::npos && close > open
                             ? what.substr(open + 1, close - open - 1)
                             : "";
  if (what.rfind("out_of_purpose_uses[", 0) == 0) {
    const bool recipient = what.find("/recipient") != std::string::npos;
    return absl::StrCat(t.at(recipient ? "what_recipient" : "what_use"), " ",
                        id);
  }
  if (what.rfind("linkages[", 0) == 0) return t.at("what_linkage");
  if (what.rfind("rows[", 0) == 0) return t.at("what_rows");
  return what;
}

std::string WithheldCounts(Lang l, uint64_t items, uint64_t overdue) {
  return absl::StrReplaceAll(
      SiteText(l).at("withholding_counts"),
      {{"{n}", absl::StrCat(items)}, {"{overdue}", absl::StrCat(overdue)}});
}

std::string SiteToday() { return TaipeiDate(absl::Now()); }

std::string WithheldSentence(Lang l, const v1::Withholding& w,
                             const std::string& today) {
  const auto& t = SiteText(l);
  std::string s = w.gia_article18_item() != 0
                      ? absl::StrReplaceAll(
                            t.at("withheld_art18"),
                            {{"{item}", absl::StrCat(w.gia_article18_item())}})
                      : absl::StrReplaceAll(t.at("withheld_law"),
                                            {{"{law}", WithholdingGround(w)}});
  if (!w.deciding_unit().empty())
    s += absl::StrReplaceAll(t.at("withheld_by"),
                             {{"{unit}", w.deciding_unit()}});
  const bool overdue = ReviewOverdue(w, today);
  s += absl::StrReplaceAll(
      t.at(overdue ? "withheld_overdue" : "withheld_review"),
      {{"{date}", w.review_date()}});
  return s;
}

void SetWithheldFields(Lang l, const v1::DatabaseEntry& db,
                       const std::string& today, data* d) {
  const auto& t = SiteText(l);
  std::map<std::string, data> sections;
  for (const char* s :
       {"withheld_what", "withheld_law", "withheld_rights", "withheld_proof"})
    sections.emplace(s, data(data::type::list));
  for (const v1::WithheldField& w : db.withheld_fields()) {
    const std::string sentence = WithheldSentence(l, w.withholding(), today);
    const std::string& f = w.field();
    if (f == "data_categories" || f == "specific_purposes") {
      data list{data::type::list};
      list.push_back(CodeItem(sentence));
      d->set(f == "data_categories" ? "categories" : "purposes", list);
    } else if (f == "holding_basis") {
      data item;
      item.set("run", Run(l, sentence));
      item.set("quote", data(data::type::bool_false));
      item.set("url", data(data::type::bool_false));
      data list{data::type::list};
      list.push_back(item);
      d->set("holding_basis", list);
    } else if (f == "collection_ground") {
      d->set("collection_ground", sentence);
    } else if (auto p = Places().find(f); p != Places().end()) {
      // Said in its section's list; what would say "none" or show an
      // empty line in its place is hidden: an unset opt_out is not "no
      // opt-out", an unset contact no empty contact line.
      if (f == "opt_out") d->set("optout_withheld", true);
      if (f == "contact") d->set("contact", data(data::type::bool_false));
      data item;
      item.set("label", t.at(p->second.label));
      item.set("sentence", Run(l, sentence));
      sections[p->second.section].push_back(item);
    }
  }
  // The rights section has no list of its own to end: it opens one.
  d->set("has_withheld_rights", !sections["withheld_rights"].is_empty_list());
  for (auto& [name, list] : sections) d->set(name, list);
}

}  // namespace disclosure::hub::site

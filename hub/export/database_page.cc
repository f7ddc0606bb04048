#include "hub/export/database_page.h"

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "core/periods.h"
#include "hub/export/site_values.h"
#include "hub/export/site_withholding.h"

namespace disclosure::hub::site {
namespace {

namespace v1 = disclosure::v1;
using google::protobuf::RepeatedPtrField;
using kainjow::mustache::data;

data False() { return data(data::type::bool_false); }

// A run of `s`, or false when empty: a template section then shows
// nothing, and never finds a same-named key further out.
data RunOrFalse(Lang l, const std::string& s) {
  return s.empty() ? False() : Run(l, s);
}
data RunOrFalse(Lang l, const v1::LocalizedText& t) {
  return t.zh_tw().empty() && t.en().empty() ? False() : Run(l, t);
}
data LinkOrFalse(Lang l, const std::string& url) {
  return url.empty() ? False() : Link(l, url);
}
data Words(const std::string& s) { return s.empty() ? False() : data(s); }

// "unit；address；phone；e-mail；hours" as one run, and the web page as a
// link.
data ContactData(Lang l, const v1::Contact& c) {
  std::vector<std::string> parts;
  for (const std::string* s :
       {&c.unit(), &c.address(), &c.phone(), &c.email(), &c.hours()})
    if (!s->empty()) parts.push_back(*s);
  data d;
  d.set("parts", parts.empty()
                     ? False()
                     : Run(l, absl::StrJoin(parts, Zh(l) ? "；" : "; ")));
  d.set("url", LinkOrFalse(l, c.url()));
  return d;
}

// 23900000 → "23,900,000".
std::string Grouped(int64_t n) {
  std::string digits = absl::StrCat(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

// Codes with their official names, and what the agency wrote beside them.
data CodesData(Lang l, const RepeatedPtrField<v1::CodeRef>& refs, bool category,
               const DatabasePageNames& names) {
  data list{data::type::list};
  for (const v1::CodeRef& c : refs) {
    data x;
    x.set("code", Words(c.code()));
    const std::string official =
        c.code().empty() ? "" : names.code(c.code(), category);
    x.set("official", Words(official));
    x.set("name",
          official == c.name_zh() ? False() : RunOrFalse(l, c.name_zh()));
    x.set("note", RunOrFalse(l, c.note()));
    list.push_back(x);
  }
  return list;
}

// Which details every channel of a list states alike, non-empty: said once
// above the list rather than once per channel.
struct SharedDetails {
  bool where = false;
  bool id_verification = false;
  bool redress = false;
};

SharedDetails Shared(const RepeatedPtrField<v1::RightsChannel>& cs) {
  SharedDetails s;
  if (cs.size() < 2) return s;
  // True if `part` of every channel is the first's, and that is not empty.
  const auto alike = [&](auto part) {
    const std::string first = part(cs[0]);
    if (first.empty()) return false;
    for (const auto& c : cs)
      if (part(c) != first) return false;
    return true;
  };
  s.where = alike(
      [](const v1::RightsChannel& c) { return c.where().SerializeAsString(); });
  s.id_verification =
      alike([](const v1::RightsChannel& c) { return c.id_verification(); });
  s.redress = alike([](const v1::RightsChannel& c) { return c.redress(); });
  return s;
}

data ChannelData(Lang l, const v1::RightsChannel& c,
                 const SharedDetails& shared) {
  const auto& t = SiteText(l);
  data x;
  x.set("right", EnumName(l, v1::DataSubjectRight_Name(c.right())));
  x.set("name", RunOrFalse(l, c.name()));
  x.set("method", EnumName(l, v1::ChannelMethod_Name(c.method())));
  x.set("where", shared.where ? False() : ContactData(l, c.where()));
  x.set("id_verification",
        shared.id_verification ? False() : RunOrFalse(l, c.id_verification()));
  x.set("fee", RunOrFalse(l, c.fee()));
  x.set("deadline",
        c.deadline_days() > 0
            ? data(absl::StrCat(c.deadline_days(), " ", t.at("days")))
            : False());
  x.set("extension",
        c.extension_days() > 0
            ? data(absl::StrCat(c.extension_days(), " ", t.at("days")))
            : False());
  x.set("effective_rule", RunOrFalse(l, c.effective_rule()));
  x.set("refusal_grounds", LegalList(l, c.refusal_grounds()));
  x.set("has_refusal_grounds", !c.refusal_grounds().empty());
  x.set("redress", shared.redress ? False() : RunOrFalse(l, c.redress()));
  return x;
}

data UseData(Lang l, const v1::OutOfPurposeUse& u,
             const DatabasePageNames& names, const std::string& today) {
  const auto& t = SiteText(l);
  data x;
  // A withheld use shows that it exists and why nothing more is shown.
  x.set("withheld", u.has_withheld()
                        ? Run(l, WithheldSentence(l, u.withheld(), today))
                        : False());
  if (u.has_withheld()) return x;
  if (u.has_recipient_withheld()) {
    x.set("recipient", Run(l, t.at("withheld_recipient")));
    x.set("recipient_type", WithheldSentence(l, u.recipient_withheld(), today));
  } else {
    x.set("recipient", Run(l, u.recipient_name()));
    x.set("recipient_type",
          EnumName(l, v1::RecipientType_Name(u.recipient_type())));
  }
  x.set("purpose", RunOrFalse(l, u.purpose()));
  x.set("purpose_codes", CodesData(l, u.purpose_codes(), false, names));
  x.set("ground", EnumName(l, v1::LegalGround_Name(u.legal_ground())));
  x.set("law", LegalList(l, u.specific_law()));
  if (u.has_consent()) {
    data c;
    c.set("form", EnumName(l, v1::Consent::Form_Name(u.consent().form())));
    c.set("how", RunOrFalse(l, u.consent().obtained_how()));
    c.set("withdrawal", RunOrFalse(l, u.consent().withdrawal_channel()));
    x.set("consent", c);
  } else {
    x.set("consent", False());
  }
  x.set("form", EnumName(l, v1::Identifiability_Name(u.identifiability())));
  x.set("access", EnumName(l, v1::AccessMode_Name(u.access_mode())));
  data linked{data::type::list};
  for (const std::string& id : u.linked_entries()) {
    data e;
    e.set("name", Run(l, names.entry(id)));
    e.set("href", absl::StrCat("db/", id, ".html"));
    linked.push_back(e);
  }
  x.set("linked", linked);
  x.set("has_linked", u.linked_entries_size() > 0);
  x.set("approval", RunOrFalse(l, u.approval_body()));
  x.set("procedure", LinkOrFalse(l, u.approval_procedure_url()));
  x.set("decision_deadline",
        u.decision_deadline_days() > 0
            ? data(absl::StrCat(u.decision_deadline_days(), " ", t.at("days")))
            : False());
  x.set("status", EnumName(l, v1::UseStatus_Name(u.status())));
  x.set("valid_from", Words(u.valid_from()));
  x.set("valid_to", Words(u.valid_to()));
  x.set("optout", t.at(u.opt_out_honoured() ? "yes" : "no"));
  data stats{data::type::list};
  for (const v1::UsePeriodStats& p : u.period_stats()) {
    data s;
    s.set("period", p.period());
    s.set("approved", absl::StrCat(p.applications_approved()));
    s.set("rejected", absl::StrCat(p.applications_rejected()));
    s.set("released", absl::StrCat(p.records_released()));
    stats.push_back(s);
  }
  x.set("period_stats", stats);
  x.set("has_period_stats", u.period_stats_size() > 0);
  x.set("projects", LinkOrFalse(l, u.approved_projects_url()));
  return x;
}

data LinkageData(Lang l, const v1::Linkage& k, const DatabasePageNames& names,
                 const std::string& today) {
  data x;
  x.set("withheld", k.has_withheld()
                        ? Run(l, WithheldSentence(l, k.withheld(), today))
                        : False());
  if (k.has_withheld()) return x;
  x.set("direction", EnumName(l, v1::Linkage::Direction_Name(k.direction())));
  if (!k.linked_entry_id().empty()) {
    x.set("partner", Run(l, names.entry(k.linked_entry_id())));
    x.set("href", absl::StrCat("db/", k.linked_entry_id(), ".html"));
  } else {
    x.set("partner", Run(l, k.external_name()));
    x.set("href", False());
  }
  x.set("purpose", RunOrFalse(l, k.purpose()));
  x.set("join_key", EnumName(l, v1::JoinKeyType_Name(k.join_key_type())));
  x.set("basis", LegalList(l, k.legal_basis()));
  x.set("no_basis", k.legal_basis().empty());
  return x;
}

// The rights the agency's default channels take, named once each: the
// channels themselves are on the agencies page, so a profile's channels are
// not copied into every one of the agency's database pages.
data DefaultRights(Lang l,
                   const RepeatedPtrField<v1::RightsChannel>* defaults) {
  if (defaults == nullptr || defaults->empty()) return False();
  std::set<int> rights;
  for (const auto& c : *defaults) rights.insert(c.right());
  std::vector<std::string> names;
  for (int r : rights)
    names.push_back(EnumName(
        l, v1::DataSubjectRight_Name(static_cast<v1::DataSubjectRight>(r))));
  return data(absl::StrJoin(names, Zh(l) ? "、" : ", "));
}

}  // namespace

void SetChannels(Lang l, const RepeatedPtrField<v1::RightsChannel>& channels,
                 data* d) {
  const SharedDetails shared = Shared(channels);
  data list{data::type::list};
  for (const auto& c : channels) list.push_back(ChannelData(l, c, shared));
  d->set("channels", list);
  if (!shared.where && !shared.id_verification && !shared.redress) {
    d->set("shared", False());
    return;
  }
  const v1::RightsChannel& first = channels[0];
  data x;
  x.set("where", shared.where ? ContactData(l, first.where()) : False());
  x.set("id_verification",
        shared.id_verification ? Run(l, first.id_verification()) : False());
  x.set("redress", shared.redress ? Run(l, first.redress()) : False());
  d->set("shared", x);
}

data DatabasePageData(
    Lang l, const std::string& agency_id, const v1::DatabaseEntry& db,
    const RepeatedPtrField<v1::RightsChannel>* agency_defaults,
    const std::string& bundle, const DatabasePageNames& names,
    const std::string& today) {
  data d;
  d.set("name", Run(l, db.file_name()));
  d.set("agency", Run(l, names.agency(agency_id)));
  d.set("agency_id", agency_id);
  d.set("description", RunOrFalse(l, db.description()));
  d.set("withdrawn", db.status() == v1::ENTRY_STATUS_WITHDRAWN);
  d.set("synthetic", db.synthetic());
  d.set("contact", ContactData(l, db.contact()));
  d.set("subjects", RunOrFalse(l, db.subject_categories()));
  d.set("approx", db.approx_subjects().approx() > 0
                      ? data(Grouped(db.approx_subjects().approx()))
                      : False());
  d.set("approx_as_of", Words(db.approx_subjects().as_of()));
  d.set("categories", CodesData(l, db.data_categories(), true, names));
  d.set("purposes", CodesData(l, db.specific_purposes(), false, names));
  data sensitive{data::type::list};
  for (int i = 0; i < db.sensitive_types_size(); ++i)
    sensitive.push_back(
        data(EnumName(l, v1::SensitiveType_Name(db.sensitive_types(i)))));
  d.set("sensitive", sensitive);
  d.set("has_sensitive", db.sensitive_types_size() > 0);
  d.set("sources", RunOrFalse(l, db.record_sources()));
  d.set("retention", RunOrFalse(l, db.retention()));
  d.set("security", RunOrFalse(l, db.security_summary()));
  d.set("intl_transfer", RunOrFalse(l, db.intl_transfer()));
  d.set("access_exemptions", RunOrFalse(l, db.access_exemptions()));
  d.set("holding_basis", LegalList(l, db.holding_basis()));
  d.set("collection_ground",
        EnumName(l, v1::CollectionGround_Name(db.collection_ground())));
  d.set("art6",
        db.art6_ground() == v1::LEGAL_GROUND_UNSPECIFIED
            ? False()
            : data(EnumName(l, v1::LegalGround_Name(db.art6_ground()))));
  data uses{data::type::list};
  for (const auto& u : db.out_of_purpose_uses())
    uses.push_back(UseData(l, u, names, today));
  d.set("uses", uses);
  data links{data::type::list};
  // A linkage declared several times over, identically, is listed once
  // with the number of declarations: the same words, not N copies of them.
  std::vector<std::pair<const v1::Linkage*, int>> distinct;
  std::map<std::string, size_t> at;
  for (const auto& k : db.linkages()) {
    auto [it, added] = at.emplace(k.SerializeAsString(), distinct.size());
    if (added) {
      distinct.emplace_back(&k, 1);
    } else {
      ++distinct[it->second].second;
    }
  }
  for (const auto& [k, times] : distinct) {
    data x = LinkageData(l, *k, names, today);
    x.set("times", times > 1 ? data(absl::StrCat(times)) : False());
    links.push_back(x);
  }
  d.set("linkages", links);
  d.set("optout_available", db.opt_out().available());
  d.set("optout_rule", RunOrFalse(l, db.opt_out().effective_rule()));
  d.set("optout_scope", RunOrFalse(l, db.opt_out().scope()));
  d.set("optout_basis", LegalList(l, db.opt_out().legal_basis()));
  SetChannels(l, db.rights_channels(), &d);
  d.set("default_rights", DefaultRights(l, agency_defaults));
  data oversight{data::type::list};
  for (const v1::Oversight& o : db.oversight()) {
    data x;
    x.set("body", Run(l, o.body()));
    x.set("type", EnumName(l, v1::OversightType_Name(o.type())));
    x.set("url", LinkOrFalse(l, o.url()));
    oversight.push_back(x);
  }
  d.set("oversight", oversight);
  d.set("has_oversight", db.oversight_size() > 0);
  d.set("status", EnumName(l, v1::EntryStatus_Name(db.status())));
  d.set("version", absl::StrCat(db.version()));
  d.set("modified",
        db.modified().seconds() > 0
            ? data(TaipeiDate(absl::FromUnixSeconds(db.modified().seconds())))
            : False());
  d.set("change_note", RunOrFalse(l, db.change_note()));
  d.set("last_reviewed", Words(db.last_reviewed_at()));
  d.set("next_review", Words(db.next_review_due()));
  d.set("source_url", LinkOrFalse(l, db.source_url()));
  d.set("source_sha256", Words(db.source_content_sha256()));
  d.set("attested_name", RunOrFalse(l, db.attested_by().name()));
  d.set("attested_role", RunOrFalse(l, db.attested_by().role()));
  d.set("attested_date", Words(db.attested_by().date()));
  d.set("records_url", LinkOrFalse(l, db.system_of_records_url()));
  d.set("bundle", bundle);
  SetWithheldFields(l, db, today, &d);
  return d;
}

}  // namespace disclosure::hub::site

#include "node/validation/validator.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "core/i18n.h"
#include "core/periods.h"
#include "format/entry_key.h"
#include "format/withholding.h"
#include "node/validation/collector.h"

namespace disclosure::node {
namespace {

namespace v1 = disclosure::v1;
using google::protobuf::RepeatedPtrField;
using validation_internal::At;
using validation_internal::Collector;

constexpr const char* kNotEntryId =
    N_("\"$0\" is not an entry id <agency-id>/<database-id>");
constexpr const char* kNotSpecificPurpose =
    N_("\"$0\" is not in the specific purpose list");

bool IsArt6Ground(v1::LegalGround g) {
  return g >= v1::LEGAL_GROUND_ART6_1_EXPRESSLY_PROVIDED_BY_LAW &&
         g <= v1::LEGAL_GROUND_ART6_6_WRITTEN_CONSENT;
}

void CheckContact(Collector& c, const std::string& field,
                  const v1::Contact& contact, bool need_unit) {
  if (need_unit) c.Required(field + ".unit", contact.unit());
  if (contact.phone().empty() && contact.email().empty() &&
      contact.url().empty() && contact.address().empty()) {
    c.Add(field, N_("needs at least one of phone, email, url or address"));
  }
  for (const auto* s : {&contact.phone(), &contact.email(), &contact.url(),
                        &contact.address(), &contact.hours()}) {
    c.Text(field, *s);
  }
  if (!contact.email().empty() &&
      contact.email().find('@') == std::string::npos) {
    c.Add(field + ".email", N_("\"$0\" is not an e-mail address"),
          {contact.email()});
  }
}

void CheckLegalRefs(Collector& c, const std::string& field,
                    const RepeatedPtrField<v1::LegalReference>& refs,
                    bool required) {
  if (required && refs.empty())
    c.Add(field, N_("needs at least one legal reference"));
  for (int i = 0; i < refs.size(); ++i) {
    c.Required(At(field, i) + ".statute", refs[i].statute());
    c.Text(At(field, i) + ".article", refs[i].article());
    c.Text(At(field, i) + ".text", refs[i].text());
  }
}

void CheckCodes(Collector& c, const std::string& field,
                const RepeatedPtrField<v1::CodeRef>& codes,
                const Vocabulary& vocab, const char* not_in_list,
                bool required) {
  if (required && codes.empty()) c.Add(field, N_("needs at least one code"));
  for (int i = 0; i < codes.size(); ++i) {
    const v1::CodeRef& code = codes[i];
    if (code.code().empty()) {
      // PDPA Art. 53 list: where no code fits, describe it in words.
      if (code.note().empty()) {
        c.Add(At(field, i),
              N_("needs a code, or a note describing it in words"));
      }
    } else if (!vocab.Contains(code.code())) {
      c.Add(At(field, i) + ".code", not_in_list, {code.code()});
    }
    c.Text(At(field, i) + ".note", code.note());
  }
}

bool IsArt10Right(v1::DataSubjectRight r) {
  return r == v1::DATA_SUBJECT_RIGHT_QUERY_VIEW ||
         r == v1::DATA_SUBJECT_RIGHT_COPY;
}

void CheckChannel(Collector& c, const std::string& field,
                  const v1::RightsChannel& ch) {
  c.Id(field + ".channel_id", ch.channel_id());
  c.Specified(field + ".right", ch.right());
  c.Specified(field + ".method", ch.method());
  CheckContact(c, field + ".where", ch.where(), false);
  c.Required(field + ".id_verification", ch.id_verification());
  // PDPA Art. 13: Art. 10 rights within 15 days (+15 with notice); Art. 11
  // rights within 30 days (+30 with notice).
  const int limit = IsArt10Right(ch.right()) ? 15 : 30;
  if (ch.deadline_days() < 1 || ch.deadline_days() > limit) {
    c.Add(field + ".deadline_days",
          N_("must be 1 to $0 days (PDPA Art. 13), not $1"),
          {absl::StrCat(limit), absl::StrCat(ch.deadline_days())});
  }
  if (ch.extension_days() < 0 || ch.extension_days() > limit) {
    c.Add(field + ".extension_days",
          N_("must be 0 to $0 days (PDPA Art. 13), not $1"),
          {absl::StrCat(limit), absl::StrCat(ch.extension_days())});
  }
  CheckLegalRefs(c, field + ".refusal_grounds", ch.refusal_grounds(), false);
  c.Text(field + ".effective_rule", ch.effective_rule());
  c.Text(field + ".redress", ch.redress());
}

void CheckChannels(Collector& c, const std::string& field,
                   const RepeatedPtrField<v1::RightsChannel>& channels,
                   std::set<std::string>* ids) {
  for (int i = 0; i < channels.size(); ++i) {
    CheckChannel(c, At(field, i), channels[i]);
    if (!ids->insert(channels[i].channel_id()).second) {
      c.Add(At(field, i) + ".channel_id", N_("\"$0\" is used twice"),
            {channels[i].channel_id()});
    }
  }
}

// "<agency-id>/<database-id>"
bool IsEntryId(const std::string& id) {
  std::vector<std::string> parts = absl::StrSplit(id, '/');
  return parts.size() == 2 && ValidateId(parts[0], "agency").ok() &&
         ValidateId(parts[1], "database").ok();
}

void CheckUse(Collector& c, const std::string& f, const v1::OutOfPurposeUse& u,
              const Vocabularies& vocab) {
  c.Id(f + ".use_id", u.use_id());
  // A withheld use keeps only its id (format/withholding.h checks that).
  if (u.has_withheld()) return;
  if (!u.has_recipient_withheld()) {
    c.Required(f + ".recipient_name.zh_tw", u.recipient_name().zh_tw());
    c.Specified(f + ".recipient_type", u.recipient_type());
  }
  c.Required(f + ".purpose.zh_tw", u.purpose().zh_tw());
  CheckCodes(c, f + ".purpose_codes", u.purpose_codes(),
             vocab.specific_purposes, kNotSpecificPurpose, false);
  c.Specified(f + ".legal_ground", u.legal_ground());
  const auto g = u.legal_ground();
  if (g == v1::LEGAL_GROUND_ART16_1_EXPRESSLY_PROVIDED_BY_LAW ||
      g == v1::LEGAL_GROUND_ART6_1_EXPRESSLY_PROVIDED_BY_LAW) {
    if (u.specific_law().empty()) {
      c.Add(f + ".specific_law",
            N_("is required when the ground is that the law expressly "
               "provides for the use (PDPA Art. 16(1) / 6(1)(1))"));
    }
  }
  CheckLegalRefs(c, f + ".specific_law", u.specific_law(), false);
  if (g == v1::LEGAL_GROUND_ART16_7_CONSENT ||
      g == v1::LEGAL_GROUND_ART6_6_WRITTEN_CONSENT) {
    if (!u.has_consent()) {
      c.Add(f + ".consent",
            N_("is required when the ground is consent (PDPA Art. 16(7) / "
               "6(1)(6))"));
    } else {
      c.Specified(f + ".consent.form", u.consent().form());
      c.Required(f + ".consent.obtained_how", u.consent().obtained_how());
      c.Required(f + ".consent.withdrawal_channel",
                 u.consent().withdrawal_channel());
    }
  }
  c.Specified(f + ".identifiability", u.identifiability());
  c.Specified(f + ".access_mode", u.access_mode());
  for (int i = 0; i < u.linked_entries().size(); ++i) {
    const std::string& l = u.linked_entries(i);
    if (l.empty() || l.size() > 256)
      c.Add(At(f + ".linked_entries", i), N_("is empty or too long"));
    if (l.find('/') != std::string::npos && !IsEntryId(l)) {
      c.Add(At(f + ".linked_entries", i), kNotEntryId, {l});
    }
  }
  c.Required(f + ".approval_body", u.approval_body());
  c.Date(f + ".valid_from", u.valid_from(), true);
  c.Date(f + ".valid_to", u.valid_to(), false);
  if (!u.valid_to().empty() && IsValidDate(u.valid_from()) &&
      IsValidDate(u.valid_to()) && u.valid_to() < u.valid_from()) {
    c.Add(f + ".valid_to", N_("is before valid_from"));
  }
  c.Specified(f + ".status", u.status());
  if (u.decision_deadline_days() < 0)
    c.Add(f + ".decision_deadline_days", N_("is negative"));
  for (int i = 0; i < u.period_stats().size(); ++i) {
    const auto& p = u.period_stats(i);
    if (!ValidatePeriod(p.period()).ok()) {
      c.Add(At(f + ".period_stats", i) + ".period",
            N_("is not a period such as 2026-H1"));
    }
    if (p.applications_approved() < 0 || p.applications_rejected() < 0 ||
        p.records_released() < 0) {
      c.Add(At(f + ".period_stats", i), N_("counts may not be negative"));
    }
  }
}

void CheckLinkage(Collector& c, const std::string& f, const v1::Linkage& l,
                  const std::string& self_id) {
  if (l.has_withheld()) return;  // nothing else is set (format/withholding.h)
  switch (l.target_case()) {
    case v1::Linkage::kLinkedEntryId:
      if (!IsEntryId(l.linked_entry_id())) {
        c.Add(f + ".linked_entry_id", kNotEntryId, {l.linked_entry_id()});
      } else if (l.linked_entry_id() == self_id) {
        c.Add(f + ".linked_entry_id", N_("links the database to itself"));
      }
      break;
    case v1::Linkage::kExternalName:
      c.Required(f + ".external_name", l.external_name());
      break;
    case v1::Linkage::TARGET_NOT_SET:
      c.Add(f, N_("needs linked_entry_id or external_name"));
  }
  c.Specified(f + ".join_key_type", l.join_key_type());
  c.Required(f + ".purpose.zh_tw", l.purpose().zh_tw());
  CheckLegalRefs(c, f + ".legal_basis", l.legal_basis(), true);
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

bool IsValidDate(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  const int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)),
            day = std::stoi(d.substr(8, 2));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || day < 1) return false;
  return day <= kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
}

void InventoryValidator::CheckAgencyProfile(const v1::AgencyProfile& p,
                                            int64_t index, absl::Time,
                                            Problems* out) const {
  Collector c(index, out);
  c.DefinedEnums(p, "");
  if (p.agency_id() != agency_id_) {
    c.Add("agency_id", N_("must be this node's agency \"$0\""), {agency_id_});
  }
  c.Required("name.zh_tw", p.name().zh_tw());
  c.Text("name.en", p.name().en());
  CheckContact(c, "contact", p.contact(), true);
  std::set<std::string> ids;
  CheckChannels(c, "default_rights_channels", p.default_rights_channels(),
                &ids);
  if (!p.parent_agency_id().empty() &&
      !ValidateId(p.parent_agency_id(), "").ok()) {
    c.Add("parent_agency_id", N_("is not a valid agency id"));
  }
}

void InventoryValidator::CheckDatabaseEntry(
    const v1::DatabaseEntry& e, int64_t index,
    const RepeatedPtrField<v1::RightsChannel>* defaults, absl::Time now,
    Problems* out) const {
  Collector c(index, out);
  c.DefinedEnums(e, "");
  for (const FieldProblem& p : DatabaseWithholdingProblems(e, format_version_))
    c.Add(p.field, p.message.format.c_str(), p.message.args);
  // A withheld field (format 2) is unset on purpose: not required.
  std::set<std::string> withheld;
  for (const auto& w : e.withheld_fields()) withheld.insert(w.field());
  const auto shown = [&](const char* field) {
    return withheld.count(field) == 0;
  };
  const std::string today = TaipeiDate(now);
  c.PastDate("last_reviewed_at", e.last_reviewed_at(), today);
  c.PastDate("approx_subjects.as_of", e.approx_subjects().as_of(), today);
  c.PastDate("attested_by.date", e.attested_by().date(), today);
  if (IsValidDate(e.next_review_due()) &&
      e.next_review_due() >
          TaipeiDate(now + absl::Hours(24 * 366 * kMaxReviewYearsAhead))) {
    c.Add("next_review_due",
          N_("\"$0\" is more than $1 years ahead; schedule the next review "
             "sooner"),
          {e.next_review_due(), absl::StrCat(kMaxReviewYearsAhead)});
  }
  c.Id("database_id", e.database_id());
  if (e.agency_id() != agency_id_) {
    c.Add("agency_id",
          N_("must be this node's agency \"$0\" (PDPA Art. 17(2): the "
             "holding agency)"),
          {agency_id_});
  }
  c.Required("file_name.zh_tw", e.file_name().zh_tw());
  if (shown("description"))
    c.Required("description.zh_tw", e.description().zh_tw());
  c.Text("file_name.en", e.file_name().en());
  c.Text("description.en", e.description().en());
  if (shown("contact")) CheckContact(c, "contact", e.contact(), true);
  CheckLegalRefs(c, "holding_basis", e.holding_basis(), shown("holding_basis"));
  if (shown("collection_ground"))
    c.Specified("collection_ground", e.collection_ground());
  CheckCodes(c, "specific_purposes", e.specific_purposes(),
             vocab_->specific_purposes, kNotSpecificPurpose,
             shown("specific_purposes"));
  CheckCodes(c, "data_categories", e.data_categories(), vocab_->data_categories,
             N_("\"$0\" is not in the data category list"),
             shown("data_categories"));
  for (int i = 0; i < e.sensitive_types().size(); ++i) {
    if (e.sensitive_types(i) == v1::SENSITIVE_TYPE_UNSPECIFIED) {
      c.Add(At("sensitive_types", i), N_("must be specified"));
    }
  }
  if (!e.sensitive_types().empty() && shown("art6_ground") &&
      !IsArt6Ground(e.art6_ground())) {
    c.Add("art6_ground",
          N_("must be one of the PDPA Art. 6(1) grounds when sensitive data "
             "is held"));
  }
  if (e.sensitive_types().empty() && shown("sensitive_types") &&
      e.art6_ground() != v1::LEGAL_GROUND_UNSPECIFIED) {
    c.Add("art6_ground", N_("is set but no sensitive_types are listed"));
  }
  if (shown("subject_categories"))
    c.Required("subject_categories.zh_tw", e.subject_categories().zh_tw());
  if (shown("record_sources"))
    c.Required("record_sources.zh_tw", e.record_sources().zh_tw());
  if (e.approx_subjects().approx() < 0)
    c.Add("approx_subjects.approx", N_("is negative"));
  c.Date("approx_subjects.as_of", e.approx_subjects().as_of(), false);

  const std::string self_id = absl::StrCat(agency_id_, "/", e.database_id());
  for (int i = 0; i < e.linkages().size(); ++i) {
    CheckLinkage(c, At("linkages", i), e.linkages(i), self_id);
  }
  std::set<std::string> use_ids;
  for (int i = 0; i < e.out_of_purpose_uses().size(); ++i) {
    CheckUse(c, At("out_of_purpose_uses", i), e.out_of_purpose_uses(i),
             *vocab_);
    if (!use_ids.insert(e.out_of_purpose_uses(i).use_id()).second) {
      c.Add(At("out_of_purpose_uses", i) + ".use_id", N_("is used twice"));
    }
  }

  std::set<std::string> channel_ids;
  CheckChannels(c, "rights_channels", e.rights_channels(), &channel_ids);
  std::map<std::string, v1::DataSubjectRight> rights;
  for (const auto& ch : e.rights_channels())
    rights[ch.channel_id()] = ch.right();
  if (defaults != nullptr) {
    for (const auto& ch : *defaults)
      rights.emplace(ch.channel_id(), ch.right());
  }
  if (rights.empty() && shown("rights_channels")) {
    c.Add("rights_channels",
          N_("needs at least one channel (or agency default channels) for "
             "data subjects to exercise their rights (PDPA Arts. 3, 10, 11)"));
  }
  if (e.opt_out().available()) {
    if (e.opt_out().channel_ids().empty()) {
      c.Add("opt_out.channel_ids",
            N_("must name the channels that accept opt-out requests"));
    }
    for (int i = 0; i < e.opt_out().channel_ids().size(); ++i) {
      auto it = rights.find(e.opt_out().channel_ids(i));
      if (it == rights.end()) {
        c.Add(At("opt_out.channel_ids", i),
              N_("\"$0\" is not a rights channel"),
              {e.opt_out().channel_ids(i)});
      } else if (it->second != v1::DATA_SUBJECT_RIGHT_OPT_OUT_SECONDARY_USE &&
                 it->second != v1::DATA_SUBJECT_RIGHT_STOP) {
        c.Add(At("opt_out.channel_ids", i),
              N_("names a channel that does not serve the right to stop use"));
      }
    }
  }
  c.Text("opt_out.scope", e.opt_out().scope());
  for (int i = 0; i < e.oversight().size(); ++i) {
    c.Required(At("oversight", i) + ".body", e.oversight(i).body());
    c.Specified(At("oversight", i) + ".type", e.oversight(i).type());
  }
  if (shown("retention")) c.Required("retention", e.retention());
  c.Text("security_summary", e.security_summary());
  c.Text("intl_transfer", e.intl_transfer());
  c.Text("access_exemptions", e.access_exemptions());
  c.Text("change_note", e.change_note());
  if (e.status() == v1::ENTRY_STATUS_UNSPECIFIED)
    c.Add("status", N_("must be specified"));
  c.Date("last_reviewed_at", e.last_reviewed_at(), false);
  c.Date("next_review_due", e.next_review_due(), shown("next_review_due"));
  c.Date("attested_by.date", e.attested_by().date(), false);
  if (!e.source_content_sha256().empty() &&
      (e.source_content_sha256().size() != 64 ||
       e.source_content_sha256().find_first_not_of("0123456789abcdef") !=
           std::string::npos)) {
    c.Add("source_content_sha256", N_("must be 64 lowercase hex digits"));
  }
}

void AddProblem(Problems* out, int64_t index, std::string field,
                const Message& message) {
  v1::node::ValidationProblem p;
  p.set_item_index(index);
  p.set_field(std::move(field));
  p.set_reason(message.English());
  p.set_message(message.format);
  for (const std::string& arg : message.args) p.add_args(arg);
  out->push_back(std::move(p));
}

std::vector<std::pair<std::string, std::string>> LinkedEntriesOfAgency(
    const v1::DatabaseEntry& e, const std::string& agency_id) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string prefix = agency_id + "/";
  for (int i = 0; i < e.linkages().size(); ++i) {
    const std::string& id = e.linkages(i).linked_entry_id();
    if (absl::StartsWith(id, prefix))
      out.emplace_back(At("linkages", i) + ".linked_entry_id", id);
  }
  for (int u = 0; u < e.out_of_purpose_uses().size(); ++u) {
    const auto& use = e.out_of_purpose_uses(u);
    for (int i = 0; i < use.linked_entries().size(); ++i) {
      if (absl::StartsWith(use.linked_entries(i), prefix)) {
        out.emplace_back(
            At(At("out_of_purpose_uses", u) + ".linked_entries", i),
            use.linked_entries(i));
      }
    }
  }
  return out;
}

}  // namespace disclosure::node

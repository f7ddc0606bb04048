#include "format/withholding.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "absl/time/time.h"
#include "format/participation.h"
#include "format/translation.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;

std::string At(const std::string& field, int i) {
  return absl::StrCat(field, "[", i, "]");
}

void Add(std::vector<FieldProblem>* out, std::string field, const char* format,
         std::vector<std::string> args = {}) {
  out->push_back({std::move(field), Message{format, std::move(args)}});
}

// What format 1 may not carry, at `field`.
constexpr const char* kNeedsFormat2 =
    N_("withholding needs snapshot format 2; this snapshot is format $0 (set "
       "snapshot_format_version: 2 once the hub reads format 2)");

// The fields of DatabaseEntry that may never be withheld.
bool IdentifiesEntry(absl::string_view name) {
  static const std::set<std::string, std::less<>> kFixed = {
      "database_id", "agency_id",       "file_name",          "status",
      "version",     "modified",        "change_note",        "synthetic",
      "linkages",    "withheld_fields", "out_of_purpose_uses"};
  return kFixed.count(name) > 0;
}

// Whether field `f` of `m` holds anything.
bool FieldSet(const google::protobuf::Message& m,
              const google::protobuf::FieldDescriptor* f) {
  const auto* r = m.GetReflection();
  return f->is_repeated() ? r->FieldSize(m, f) > 0 : r->HasField(m, f);
}

void CheckWithheldFields(const v1::DatabaseEntry& db,
                         std::vector<FieldProblem>* out) {
  std::string previous;
  for (int i = 0; i < db.withheld_fields_size(); ++i) {
    const v1::WithheldField& w = db.withheld_fields(i);
    const std::string at = At("withheld_fields", i);
    CheckWithholding(w.withholding(), at + ".withholding", out);
    if (!IsWithholdableField(w.field())) {
      Add(out, at + ".field",
          N_("\"$0\" is not a field that may be withheld; withhold a use or "
             "a linkage on its own row"),
          {w.field()});
      continue;
    }
    if (i > 0 && w.field() <= previous) {
      Add(out, at + ".field",
          N_("\"$0\" is withheld twice or out of order (each field once, "
             "sorted by name)"),
          {w.field()});
    }
    previous = w.field();
    const auto* f = db.GetDescriptor()->FindFieldByName(w.field());
    if (FieldSet(db, f)) {
      Add(out, w.field(),
          N_("is withheld but also filled in; clear it, or do not withhold "
             "it"));
    }
  }
}

// Whether `m` holds anything besides the fields named in `allowed`.
bool HoldsMoreThan(const google::protobuf::Message& m,
                   std::initializer_list<absl::string_view> allowed) {
  std::vector<const google::protobuf::FieldDescriptor*> set;
  m.GetReflection()->ListFields(m, &set);
  return std::any_of(set.begin(), set.end(), [&](const auto* f) {
    return std::find(allowed.begin(), allowed.end(), f->name()) ==
           allowed.end();
  });
}

void CheckUses(const v1::DatabaseEntry& db, std::vector<FieldProblem>* out) {
  for (int i = 0; i < db.out_of_purpose_uses_size(); ++i) {
    const v1::OutOfPurposeUse& u = db.out_of_purpose_uses(i);
    const std::string at = At("out_of_purpose_uses", i);
    if (u.has_withheld()) {
      CheckWithholding(u.withheld(), at + ".withheld", out);
      if (HoldsMoreThan(u, {"use_id", "withheld"})) {
        Add(out, at,
            N_("is withheld but holds more than its use_id; clear the "
               "other columns"));
      }
    }
    if (u.has_recipient_withheld()) {
      CheckWithholding(u.recipient_withheld(), at + ".recipient_withheld", out);
      if (!u.recipient_name().zh_tw().empty() ||
          !u.recipient_name().en().empty() ||
          u.recipient_type() != v1::RECIPIENT_TYPE_UNSPECIFIED) {
        Add(out, at + ".recipient_name",
            N_("the recipient is withheld but named; clear recipient_name "
               "and recipient_type"));
      }
    }
  }
}

void CheckLinkages(const v1::DatabaseEntry& db,
                   std::vector<FieldProblem>* out) {
  for (int i = 0; i < db.linkages_size(); ++i) {
    const v1::Linkage& l = db.linkages(i);
    if (!l.has_withheld()) continue;
    const std::string at = At("linkages", i);
    CheckWithholding(l.withheld(), at + ".withheld", out);
    if (HoldsMoreThan(l, {"withheld"})) {
      Add(out, at,
          N_("is withheld but holds more than the withholding; clear the "
             "other columns"));
    }
  }
}

}  // namespace

bool IsCalendarDate(const std::string& d) {
  absl::Time t;
  std::string err;
  if (d.size() != 10 || !absl::ParseTime("%Y-%m-%d", d, &t, &err)) return false;
  return absl::FormatTime("%Y-%m-%d", t, absl::UTCTimeZone()) == d;
}

const std::vector<std::string>& WithholdableFields() {
  static const std::vector<std::string>* fields = [] {
    auto* v = new std::vector<std::string>;
    const auto* d = v1::DatabaseEntry::descriptor();
    for (int i = 0; i < d->field_count(); ++i)
      if (!IdentifiesEntry(d->field(i)->name()))
        v->push_back(d->field(i)->name());
    return v;
  }();
  return *fields;
}

bool IsWithholdableField(absl::string_view name) {
  const auto& all = WithholdableFields();
  return std::find(all.begin(), all.end(), name) != all.end();
}

void CheckWithholding(const v1::Withholding& w, const std::string& field,
                      std::vector<FieldProblem>* out) {
  const int item = w.gia_article18_item();
  const bool other_law = w.has_other_law();
  if (item != 0 && other_law) {
    Add(out, field,
        N_("names two grounds; give either an item of 政府資訊公開法 "
           "§18(1) or another law"));
  } else if (item == 0 && !other_law) {
    Add(out, field,
        N_("needs its ground: an item (款) of 政府資訊公開法 §18(1), 1 to 9, "
           "or another law that restricts disclosure"));
  } else if (item != 0 && (item < 1 || item > kArticle18Items)) {
    Add(out, field + ".gia_article18_item",
        N_("$0 is not an item of 政府資訊公開法 §18(1), which has items 1 "
           "to 9"),
        {absl::StrCat(item)});
  } else if (other_law && w.other_law().statute().empty()) {
    Add(out, field + ".other_law.statute",
        N_("is required: the law that restricts disclosure, by name"));
  }
  if (w.deciding_unit().empty())
    Add(out, field + ".deciding_unit", N_("is required"));
  if (!IsCalendarDate(w.review_date())) {
    Add(out, field + ".review_date",
        N_("\"$0\" is not a date YYYY-MM-DD; say when the decision is "
           "reviewed again"),
        {w.review_date()});
  }
}

std::vector<FieldProblem> DatabaseWithholdingProblems(
    const v1::DatabaseEntry& db, uint32_t format_version) {
  std::vector<FieldProblem> out;
  if (format_version < kWithholdingFormatVersion) {
    if (!WithheldItems(db).empty())
      Add(&out, "withheld_fields", kNeedsFormat2,
          {absl::StrCat(format_version)});
    return out;
  }
  CheckWithheldFields(db, &out);
  CheckUses(db, &out);
  CheckLinkages(db, &out);
  return out;
}

std::vector<FieldProblem> StatisticsWithholdingProblems(
    const v1::RequestStatistics& s, uint32_t format_version) {
  std::vector<FieldProblem> out;
  bool any = false;
  for (int i = 0; i < s.rows_size(); ++i) {
    const v1::RequestStatisticsRow& row = s.rows(i);
    if (!row.has_withheld()) continue;
    any = true;
    const std::string at = At("rows", i);
    if (format_version < kWithholdingFormatVersion) {
      Add(&out, at + ".withheld", kNeedsFormat2,
          {absl::StrCat(format_version)});
      continue;
    }
    CheckWithholding(row.withheld(), at + ".withheld", &out);
    if (row.has_counts() || row.suppressed() || !row.band().empty() ||
        row.data_types_size() > 0) {
      Add(&out, at,
          N_("is withheld but publishes counts, a band or data types"));
    }
  }
  if (format_version < kWithholdingFormatVersion) {
    if (s.scope() != v1::STATISTICS_SCOPE_UNSPECIFIED)
      Add(&out, "scope", kNeedsFormat2, {absl::StrCat(format_version)});
    return out;
  }
  // A format 2 node states the scope of every period it builds; a period
  // published under format 1 and never rebuilt since keeps its signed
  // bytes, without one, and readers say "not stated".
  if (any && (s.totals_include_suppressed() ||
              !s.records_commitment().record_count_withheld() ||
              s.records_commitment().record_count() != 0)) {
    Add(&out, "totals",
        N_("a row is withheld, so the totals may cover only the published "
           "rows and the record count must be withheld"));
  }
  return out;
}

absl::Status CheckEntryFormat(const v1::DisclosureEntry& entry,
                              uint32_t format_version) {
  std::vector<FieldProblem> problems;
  if (entry.has_database()) {
    problems = DatabaseWithholdingProblems(entry.database(), format_version);
  } else if (entry.has_statistics()) {
    problems =
        StatisticsWithholdingProblems(entry.statistics(), format_version);
  } else if (entry.has_answer()) {
    problems = AnswerProblems(entry.answer(), format_version);
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::Substitute(_("entry $0: $1: $2"), entry.key(), problems[0].field,
                       problems[0].message.Translated()));
}

std::vector<WithheldItem> WithheldItems(const v1::DatabaseEntry& db) {
  std::vector<WithheldItem> out;
  for (const auto& w : db.withheld_fields())
    out.push_back({w.field(), &w.withholding()});
  for (const auto& u : db.out_of_purpose_uses()) {
    const std::string at =
        absl::StrCat("out_of_purpose_uses[", u.use_id(), "]");
    if (u.has_withheld()) out.push_back({at, &u.withheld()});
    if (u.has_recipient_withheld())
      out.push_back({at + "/recipient", &u.recipient_withheld()});
  }
  for (int i = 0; i < db.linkages_size(); ++i)
    if (db.linkages(i).has_withheld())
      out.push_back({At("linkages", i), &db.linkages(i).withheld()});
  return out;
}

std::vector<WithheldItem> WithheldItems(const v1::RequestStatistics& s) {
  std::vector<WithheldItem> out;
  for (int i = 0; i < s.rows_size(); ++i)
    if (s.rows(i).has_withheld())
      out.push_back({At("rows", i), &s.rows(i).withheld()});
  return out;
}

std::string WithholdingGround(const v1::Withholding& w) {
  if (w.gia_article18_item() != 0) {
    return absl::StrCat("政府資訊公開法第18條第1項第", w.gia_article18_item(),
                        "款");
  }
  return absl::StrCat(w.other_law().statute(), w.other_law().article());
}

std::string WithheldCell(const std::vector<WithheldItem>& items) {
  std::string out;
  for (const WithheldItem& i : items) {
    absl::StrAppend(&out, out.empty() ? "" : ";", i.what, "=",
                    WithholdingGround(*i.withholding), "|",
                    i.withholding->deciding_unit(), "|",
                    i.withholding->review_date());
  }
  return out;
}

bool ReviewOverdue(const v1::Withholding& w, const std::string& today) {
  return !w.review_date().empty() && w.review_date() < today;
}

}  // namespace disclosure

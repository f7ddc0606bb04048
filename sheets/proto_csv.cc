#include "sheets/proto_csv.h"

#include <algorithm>
#include <regex>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "absl/time/time.h"
#include "core/csv.h"
#include "core/enum_labels.h"
#include "core/i18n.h"
#include "core/periods.h"
#include "core/staff_date.h"
#include "format/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"
#include "google/protobuf/timestamp.pb.h"

namespace disclosure::sheets {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::TimeZone Taipei() { return TaipeiTime(); }

bool IsTimestamp(const FieldDescriptor* f) {
  return f->message_type() != nullptr &&
         f->message_type()->full_name() == "google.protobuf.Timestamp";
}

// The prefix shared by every value name of `e` ("LEGAL_GROUND_").
std::string EnumPrefix(const EnumDescriptor* e) {
  std::string prefix = e->value(0)->name();
  for (int i = 1; i < e->value_count(); ++i) {
    const std::string& n = e->value(i)->name();
    size_t k = 0;
    while (k < prefix.size() && k < n.size() && prefix[k] == n[k]) ++k;
    prefix.resize(k);
  }
  size_t underscore = prefix.rfind('_');
  return underscore == std::string::npos ? ""
                                         : prefix.substr(0, underscore + 1);
}

std::string ShortName(const EnumValueDescriptor* v) {
  return absl::AsciiStrToLower(v->name().substr(EnumPrefix(v->type()).size()));
}

absl::StatusOr<const EnumValueDescriptor*> ParseEnum(const EnumDescriptor* e,
                                                     const std::string& cell) {
  const std::string stripped(absl::StripAsciiWhitespace(cell));
  // A drop-down choice ("mobile_telecom 行動電信") or a Chinese name alone.
  for (int i = 0; i < e->value_count(); ++i) {
    const EnumValueDescriptor* v = e->value(i);
    if (v->number() == 0) continue;
    if (stripped == EnumChoice(v)) return v;
    const absl::string_view zh = LabelOf(v->name()).zh_tw;
    if (!zh.empty() && stripped == zh) return v;
  }
  const std::string want = absl::AsciiStrToLower(stripped);
  const EnumValueDescriptor* match = nullptr;
  int prefix_matches = 0;
  for (int i = 0; i < e->value_count(); ++i) {
    const EnumValueDescriptor* v = e->value(i);
    if (v->number() == 0) continue;  // "unspecified" is not a choice
    const std::string short_name = ShortName(v);
    if (short_name == want || absl::AsciiStrToLower(v->name()) == want)
      return v;
    if (absl::StartsWith(short_name, want)) {
      match = v;
      ++prefix_matches;
    }
  }
  if (prefix_matches == 1 && !want.empty()) return match;
  return absl::InvalidArgumentError(absl::Substitute(
      prefix_matches > 1 ? _("\"$0\" is ambiguous; use one of: $1")
                         : _("\"$0\" is not a valid choice; use one of: $1"),
      cell, EnumChoices(e)));
}

// String fields that hold a date (the schema's comments say "YYYY-MM-DD").
bool IsDateField(const FieldDescriptor* f) {
  static const absl::flat_hash_set<std::string> kDates = {
      "disclosure.v1.OutOfPurposeUse.valid_from",
      "disclosure.v1.OutOfPurposeUse.valid_to",
      "disclosure.v1.Attestation.date",
      "disclosure.v1.SubjectCount.as_of",
      "disclosure.v1.DatabaseEntry.last_reviewed_at",
      "disclosure.v1.DatabaseEntry.next_review_due",
      "disclosure.v1.Withholding.review_date",
      "disclosure.v1.ProviderRequestRecord.subject_notified_at",
      "disclosure.v1.ProviderRequestRecord.obtained_data_destroy_by"};
  return kDates.contains(f->full_name());
}

absl::StatusOr<int64_t> ParseTimestamp(const std::string& cell) {
  absl::Time t;
  std::string err;
  for (const char* fmt :
       {"%Y-%m-%d%ET%H:%M:%E*S%Ez", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M"}) {
    if (absl::ParseTime(fmt, cell, Taipei(), &t, &err))
      return absl::ToUnixSeconds(t);
  }
  // A date alone, in any form staff type (core/staff_date.h): midnight,
  // Taipei time.
  absl::StatusOr<std::string> iso = NormalizeStaffDate(cell);
  if (iso.ok() && absl::ParseTime("%Y-%m-%d", *iso, Taipei(), &t, &err)) {
    return absl::ToUnixSeconds(t);
  }
  return absl::InvalidArgumentError(absl::Substitute(
      _("\"$0\" is not a time: write 2026-03-01 14:30 (Taipei time), RFC "
        "3339, or a date alone such as $1"),
      cell, kStaffDateForms));
}

// Resolves "a.b.c" to the message holding the last field and that field,
// creating intermediate messages when `create`.
absl::StatusOr<std::pair<Message*, const FieldDescriptor*>> Resolve(
    Message* msg, const std::string& path) {
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  Message* cur = msg;
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* f = cur->GetDescriptor()->FindFieldByName(parts[i]);
    if (f == nullptr) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("unknown column \"$0\""), path));
    }
    if (i + 1 == parts.size()) return std::make_pair(cur, f);
    if (f->is_repeated() || f->message_type() == nullptr || IsTimestamp(f)) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("unknown column \"$0\""), path));
    }
    cur = cur->GetReflection()->MutableMessage(cur, f);
  }
  return absl::InvalidArgumentError(_("empty column name"));
}

absl::Status FormulaError() {
  return absl::InvalidArgumentError(
      _("the cell, or one of its ';' items or '|' parts, starts like a "
        "spreadsheet formula (=, @, a tab, + or - followed by more, their "
        "full-width forms, or an invisible character such as a full-width "
        "space, a no-break space or a zero-width space); formulas are not "
        "accepted. Write the text without that first character: a phone "
        "number as 02-2191-0000 or 886-2-2191-0000"));
}

absl::Status SetScalar(Message* m, const FieldDescriptor* f,
                       const std::string& raw) {
  const Reflection* r = m->GetReflection();
  const std::string cell(absl::StripAsciiWhitespace(raw));
  const bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = cell;
      if (IsDateField(f)) {
        DN_ASSIGN_OR_RETURN(std::string iso, NormalizeStaffDate(cell));
        value = std::move(iso);
      }
      rep ? r->AddString(m, f, value) : r->SetString(m, f, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      const std::string v = absl::AsciiStrToLower(cell);
      bool b;
      if (v == "true" || v == "yes" || v == "y" || v == "1" || cell == "是") {
        b = true;
      } else if (v == "false" || v == "no" || v == "n" || v == "0" ||
                 cell == "否") {
        b = false;
      } else {
        return absl::InvalidArgumentError(
            absl::Substitute(_("\"$0\" is not true/false (是/否)"), cell));
      }
      rep ? r->AddBool(m, f, b) : r->SetBool(m, f, b);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64: {
      int64_t v;
      std::string digits = cell;
      digits.erase(std::remove(digits.begin(), digits.end(), ','),
                   digits.end());
      if (!absl::SimpleAtoi(digits, &v)) {
        return absl::InvalidArgumentError(
            absl::Substitute(_("\"$0\" is not a whole number"), cell));
      }
      const bool is_unsigned =
          f->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 ||
          f->cpp_type() == FieldDescriptor::CPPTYPE_UINT64;
      const bool is_32 = f->cpp_type() == FieldDescriptor::CPPTYPE_INT32 ||
                         f->cpp_type() == FieldDescriptor::CPPTYPE_UINT32;
      if ((is_unsigned && v < 0) ||
          (is_32 && (v > INT32_MAX || v < INT32_MIN))) {
        return absl::InvalidArgumentError(
            absl::Substitute(_("\"$0\" is out of range"), cell));
      }
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          rep ? r->AddInt32(m, f, static_cast<int32_t>(v))
              : r->SetInt32(m, f, static_cast<int32_t>(v));
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          rep ? r->AddInt64(m, f, v) : r->SetInt64(m, f, v);
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          rep ? r->AddUInt32(m, f, static_cast<uint32_t>(v))
              : r->SetUInt32(m, f, static_cast<uint32_t>(v));
          break;
        default:
          rep ? r->AddUInt64(m, f, static_cast<uint64_t>(v))
              : r->SetUInt64(m, f, static_cast<uint64_t>(v));
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      DN_ASSIGN_OR_RETURN(const EnumValueDescriptor* v,
                          ParseEnum(f->enum_type(), cell));
      rep ? r->AddEnum(m, f, v) : r->SetEnum(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      if (!IsTimestamp(f)) break;
      DN_ASSIGN_OR_RETURN(int64_t secs, ParseTimestamp(cell));
      Message* ts = rep ? r->AddMessage(m, f) : r->MutableMessage(m, f);
      static_cast<google::protobuf::Timestamp*>(ts)->set_seconds(secs);
      return absl::OkStatus();
    }
    default:
      break;
  }
  return absl::InvalidArgumentError(
      absl::Substitute(_("field $0 cannot be set from a cell"), f->name()));
}

// Fields of a small message that a "|"-separated item fills, in order.
std::vector<const FieldDescriptor*> ItemFields(const Descriptor* d) {
  std::vector<const FieldDescriptor*> out;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (!f->is_repeated() && (f->message_type() == nullptr || IsTimestamp(f)))
      out.push_back(f);
  }
  return out;
}

std::string ScalarCell(const Message& m, const FieldDescriptor* f, int index,
                       EnumSpelling spelling) {
  const Reflection* r = m.GetReflection();
  const bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f))
                 ? "true"
                 : "false";
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(rep ? r->GetRepeatedInt32(m, f, index)
                              : r->GetInt32(m, f));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(rep ? r->GetRepeatedInt64(m, f, index)
                              : r->GetInt64(m, f));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(rep ? r->GetRepeatedUInt32(m, f, index)
                              : r->GetUInt32(m, f));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(rep ? r->GetRepeatedUInt64(m, f, index)
                              : r->GetUInt64(m, f));
    case FieldDescriptor::CPPTYPE_ENUM: {
      const EnumValueDescriptor* v =
          rep ? r->GetRepeatedEnum(m, f, index) : r->GetEnum(m, f);
      if (v->number() == 0) return "";
      return spelling == EnumSpelling::kProtoName ? v->name() : ShortName(v);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& ts =
          rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f);
      const auto& t = static_cast<const google::protobuf::Timestamp&>(ts);
      if (t.seconds() == 0) return "";
      return absl::FormatTime("%Y-%m-%d %H:%M:%S",
                              absl::FromUnixSeconds(t.seconds()), Taipei());
    }
    default:
      return "";
  }
}

}  // namespace

std::string EnumChoice(const EnumValueDescriptor* v) {
  const absl::string_view zh = LabelOf(v->name()).zh_tw;
  return zh.empty() ? ShortName(v) : absl::StrCat(ShortName(v), " ", zh);
}

std::vector<std::string> EnumChoiceList(const EnumDescriptor* e) {
  std::vector<std::string> out;
  for (int i = 0; i < e->value_count(); ++i) {
    if (e->value(i)->number() != 0) out.push_back(EnumChoice(e->value(i)));
  }
  return out;
}

std::string EnumChoices(const EnumDescriptor* e) {
  std::vector<std::string> names;
  for (int i = 0; i < e->value_count(); ++i) {
    if (e->value(i)->number() != 0) names.push_back(ShortName(e->value(i)));
  }
  return absl::StrJoin(names, ", ");
}

absl::Status CheckColumn(const Descriptor* type, const std::string& path) {
  std::unique_ptr<Message> probe(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(type)
          ->New());
  DN_ASSIGN_OR_RETURN(auto r, Resolve(probe.get(), path));
  const FieldDescriptor* f = r.second;
  if (f->message_type() != nullptr && !IsTimestamp(f) && !f->is_repeated()) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("column \"$0\" is a group of fields; name one of them, e.g. "
          "\"$0.$1\""),
        path, f->message_type()->field(0)->name()));
  }
  return absl::OkStatus();
}

namespace {

// The field a column of `type` names, or null when it names none.
const FieldDescriptor* ColumnField(const Descriptor* type,
                                   const std::string& path) {
  std::unique_ptr<Message> probe(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(type)
          ->New());
  auto r = Resolve(probe.get(), path);
  return r.ok() ? r->second : nullptr;
}

}  // namespace

const google::protobuf::EnumDescriptor* ColumnEnum(const Descriptor* type,
                                                   const std::string& path) {
  const FieldDescriptor* f = ColumnField(type, path);
  return f != nullptr ? f->enum_type() : nullptr;
}

bool ColumnIsList(const Descriptor* type, const std::string& path) {
  const FieldDescriptor* f = ColumnField(type, path);
  return f != nullptr && f->is_repeated();
}

std::string ColumnHint(const Descriptor* type, const std::string& path) {
  const FieldDescriptor* f = ColumnField(type, path);
  if (f == nullptr) return "";
  const bool list = f->is_repeated();
  if (f->enum_type() != nullptr) {
    return list ? "從選單選一個，多個以 ; 分隔 / one or more from the list, "
                  "separated by ;"
                : "從下拉選單選擇 / choose from the list";
  }
  if (IsTimestamp(f)) {
    return "日期時間（台北時間），如 2026-03-05 09:30 或 115/3/5 / date and "
           "time in Taipei, e.g. 2026-03-05 09:30";
  }
  if (IsDateField(f)) {
    return "日期，如 2026-03-05、2026/3/5、115/3/5、民國115年3月5日 / a "
           "date, e.g. 2026-03-05";
  }
  if (f->message_type() != nullptr &&
      f->message_type()->full_name() == "disclosure.v1.LegalReference") {
    return absl::StrCat("法規|條次，如 稅捐稽徵法|第33條",
                        list ? "；多個以 ; 分隔" : "",
                        " / law|article, e.g. 稅捐稽徵法|第33條");
  }
  if (f->message_type() != nullptr) {
    return "代碼，多個以 ; 分隔 / codes, separated by ;";
  }
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      return "是 或 否 / yes or no";
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return "整數 / a whole number";
    default:
      return list ? "文字，多個以 ; 分隔 / text, several separated by ;"
                  : "文字 / text";
  }
}

absl::Status SetCell(Message* msg, const std::string& path,
                     const std::string& cell) {
  if (absl::StripAsciiWhitespace(cell).empty()) return absl::OkStatus();
  if (LooksLikeFormula(cell)) return FormulaError();
  DN_ASSIGN_OR_RETURN(auto r, Resolve(msg, path));
  auto [m, f] = r;
  if (!f->is_repeated()) {
    if (f->message_type() != nullptr && !IsTimestamp(f)) {
      return absl::InvalidArgumentError(
          absl::Substitute(_("column \"$0\" is a group of fields"), path));
    }
    return SetScalar(m, f, cell);
  }
  for (absl::string_view item :
       absl::StrSplit(cell, ';', absl::SkipWhitespace())) {
    const std::string one(absl::StripAsciiWhitespace(item));
    if (f->message_type() == nullptr || IsTimestamp(f)) {
      DN_RETURN_IF_ERROR(SetScalar(m, f, one));
      continue;
    }
    std::vector<const FieldDescriptor*> fields = ItemFields(f->message_type());
    std::vector<std::string> parts = absl::StrSplit(one, '|');
    // A legal basis typed as one phrase, "全民健康保險法第79條", is the law
    // and its article: split it as if typed with '|'. A law alone (a whole
    // regulation) stays a law without an article.
    if (f->message_type()->full_name() == "disclosure.v1.LegalReference" &&
        parts.size() == 1) {
      static const std::regex kLawArticle("^(.+?)(第[^第]+條.*)$");
      std::smatch law;
      if (std::regex_match(parts[0], law, kLawArticle)) {
        parts = {law[1].str(), law[2].str()};
      }
    }
    Message* child = m->GetReflection()->AddMessage(m, f);
    if (parts.size() > fields.size()) {
      return absl::InvalidArgumentError(absl::Substitute(
          _("item \"$0\" has $1 parts separated by '|'; at most $2 are "
            "allowed"),
          one, parts.size(), fields.size()));
    }
    for (size_t i = 0; i < parts.size(); ++i) {
      if (absl::StripAsciiWhitespace(parts[i]).empty()) continue;
      DN_RETURN_IF_ERROR(SetScalar(child, fields[i], parts[i]));
    }
  }
  return absl::OkStatus();
}

absl::Status SetFieldCell(Message* msg, const FieldDescriptor* f,
                          const std::string& cell) {
  if (LooksLikeFormula(cell)) return FormulaError();
  return SetScalar(msg, f, cell);
}

std::string GetCell(const Message& msg, const std::string& path,
                    EnumSpelling spelling) {
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  const Message* cur = &msg;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const FieldDescriptor* f = cur->GetDescriptor()->FindFieldByName(parts[i]);
    if (f == nullptr || f->is_repeated() || f->message_type() == nullptr)
      return "";
    // An unset message has no values, not zeros: a withheld.* column of a
    // use that is not withheld stays empty, and reads back as unset.
    if (!cur->GetReflection()->HasField(*cur, f)) return "";
    cur = &cur->GetReflection()->GetMessage(*cur, f);
  }
  const FieldDescriptor* f =
      cur->GetDescriptor()->FindFieldByName(parts.back());
  if (f == nullptr) return "";
  if (!f->is_repeated()) {
    if (f->message_type() != nullptr && !IsTimestamp(f)) return "";
    return ScalarCell(*cur, f, -1, spelling);
  }
  const Reflection* r = cur->GetReflection();
  std::vector<std::string> items;
  for (int i = 0; i < r->FieldSize(*cur, f); ++i) {
    if (f->message_type() == nullptr || IsTimestamp(f)) {
      items.push_back(ScalarCell(*cur, f, i, spelling));
      continue;
    }
    const Message& child = r->GetRepeatedMessage(*cur, f, i);
    std::vector<std::string> parts_out;
    for (const FieldDescriptor* cf : ItemFields(f->message_type())) {
      parts_out.push_back(ScalarCell(child, cf, -1, spelling));
    }
    while (!parts_out.empty() && parts_out.back().empty()) parts_out.pop_back();
    items.push_back(absl::StrJoin(parts_out, "|"));
  }
  return absl::StrJoin(items, ";");
}

}  // namespace disclosure::sheets

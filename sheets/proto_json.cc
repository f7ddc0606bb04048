#include "sheets/proto_json.h"

#include <cmath>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "format/status_macros.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "sheets/proto_csv.h"

namespace disclosure::sheets {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Value;

absl::Status At(const std::string& where, const absl::Status& s) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", s.message()));
}

bool IsTimestamp(const FieldDescriptor* f) {
  return f->message_type() != nullptr &&
         f->message_type()->full_name() == "google.protobuf.Timestamp";
}

absl::Status Fill(const Value& v, Message* m, const std::string& where);

// One JSON value as the text of a cell for `f`.
absl::StatusOr<std::string> CellText(const Value& v, const FieldDescriptor* f) {
  switch (v.kind_case()) {
    case Value::kStringValue:
      return v.string_value();
    case Value::kBoolValue:
      return std::string(v.bool_value() ? "true" : "false");
    case Value::kNumberValue: {
      if (f->enum_type() != nullptr) {
        return absl::InvalidArgumentError(absl::Substitute(
            _("$0 is a number; write the choice by name, one of: $1"),
            v.number_value(), EnumChoices(f->enum_type())));
      }
      const double n = v.number_value();
      if (n != std::floor(n) || std::fabs(n) > 9.007199254740992e15) {
        return absl::InvalidArgumentError(
            absl::Substitute(_("$0 is not a whole number"), n));
      }
      return absl::StrCat(static_cast<int64_t>(n));
    }
    default:
      return absl::InvalidArgumentError(
          _("a list or an object where one value was expected"));
  }
}

// Sets (or adds) one value of `f` in `m`.
absl::Status SetOne(const Value& v, Message* m, const FieldDescriptor* f,
                    const std::string& where) {
  const auto* r = m->GetReflection();
  if (f->message_type() != nullptr && !IsTimestamp(f)) {
    Message* child =
        f->is_repeated() ? r->AddMessage(m, f) : r->MutableMessage(m, f);
    return Fill(v, child, where);
  }
  absl::StatusOr<std::string> cell = CellText(v, f);
  if (!cell.ok()) return At(where, cell.status());
  if (cell->empty()) return absl::OkStatus();  // as an empty cell
  if (absl::Status s = SetFieldCell(m, f, *cell); !s.ok()) return At(where, s);
  return absl::OkStatus();
}

absl::Status Fill(const Value& v, Message* m, const std::string& where) {
  if (v.kind_case() != Value::kStructValue) {
    return absl::InvalidArgumentError(absl::StrCat(
        where.empty() ? "the file" : where, ": ", _("an object was expected")));
  }
  const auto* d = m->GetDescriptor();
  // Fields in the file's order would depend on the map's; sort them so the
  // first error reported is always the same one.
  std::map<std::string, const Value*> fields;
  for (const auto& [key, value] : v.struct_value().fields())
    fields.emplace(key, &value);
  for (const auto& [key, value] : fields) {
    const FieldDescriptor* f = d->FindFieldByName(key);
    if (f == nullptr) f = d->FindFieldByCamelcaseName(key);
    const std::string path =
        where.empty() ? key : absl::StrCat(where, ".", key);
    if (f == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": ",
          absl::Substitute(_("$0 has no field \"$1\""), d->name(), key)));
    }
    if (value->kind_case() == Value::kNullValue) continue;
    if (!f->is_repeated()) {
      DN_RETURN_IF_ERROR(SetOne(*value, m, f, path));
      continue;
    }
    if (value->kind_case() != Value::kListValue) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": ", _("a list was expected")));
    }
    const auto& items = value->list_value().values();
    for (int i = 0; i < items.size(); ++i) {
      DN_RETURN_IF_ERROR(
          SetOne(items[i], m, f, absl::StrCat(path, "[", i, "]")));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseImportJson(std::string_view json, Message* out) {
  out->Clear();
  Value v;
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(std::string(json), &v);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(_("not valid JSON"), ": ", std::string(parsed.message())));
  }
  return Fill(v, out, "");
}

}  // namespace disclosure::sheets

#include "core/public_form.h"

#include <functional>
#include <initializer_list>

#include "absl/strings/numbers.h"
#include "core/json.h"
#include "core/request_counts.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
using google::protobuf::Struct;
using google::protobuf::Value;

// Drops `key` from the object at `path` (keys of nested objects) in `v`
// when `drop` says so of its value; a missing object is skipped.
void DropField(Struct* v, std::initializer_list<const char*> path,
               const char* key, const std::function<bool(const Value&)>& drop) {
  for (const char* p : path) {
    auto it = v->mutable_fields()->find(p);
    if (it == v->mutable_fields()->end() || !it->second.has_struct_value())
      return;
    v = it->second.mutable_struct_value();
  }
  auto it = v->fields().find(key);
  if (it != v->fields().end() && drop(it->second))
    v->mutable_fields()->erase(key);
}

bool Always(const Value&) { return true; }
// int64 fields are strings in proto3 JSON. Only an exact 0 is dropped: -1
// says "not tracked" in so many words.
bool IsZero(const Value& v) { return v.string_value() == "0"; }

}  // namespace

v1::ExportedStatistics PublicStatistics(
    const std::string& agency_id, const v1::RequestStatistics& signed_stats,
    const std::string& bundle_path) {
  v1::ExportedStatistics out;
  out.set_agency_id(agency_id);
  out.set_period(signed_stats.period());
  out.set_bundle(bundle_path);
  v1::RequestStatistics& s = *out.mutable_statistics();
  s = signed_stats;
  int banded = 0, withheld = 0;
  for (v1::RequestStatisticsRow& row : *s.mutable_rows()) {
    if (row.has_withheld()) ++withheld;
    if (!CountsHidden(row)) continue;
    if (row.suppressed()) ++banded;
    row.clear_counts();
  }
  out.set_banded_rows(banded);
  out.set_withheld_rows(withheld);
  const int hidden = banded + withheld;
  if (hidden > 0 && s.has_totals())
    *out.mutable_published_rows_totals() = s.totals();
  const bool totals_known =
      hidden == 0 && (s.reporting_status() == v1::REPORTING_STATUS_REPORTED ||
                      s.reporting_status() == v1::REPORTING_STATUS_ZERO);
  if (!totals_known) s.clear_totals();
  const std::optional<CountRange> r = PeriodRequests(signed_stats);
  if (r && !r->open) {
    out.mutable_total_requests()->set_low(r->low);
    out.mutable_total_requests()->set_high(r->high);
  }
  return out;
}

v1::ExportedDatabase PublicDatabase(const std::string& agency_id,
                                    const v1::DatabaseEntry& db,
                                    const std::string& bundle_path) {
  v1::ExportedDatabase out;
  out.set_entry_id(agency_id + "/" + db.database_id());
  out.set_agency_id(agency_id);
  out.set_bundle(bundle_path);
  *out.mutable_entry() = db;
  // A subject count of 0 with no date is "not stated", not "nobody".
  if (db.approx_subjects().approx() == 0 &&
      db.approx_subjects().as_of().empty())
    out.mutable_entry()->clear_approx_subjects();
  return out;
}

std::string PrintedWithoutUnknowns(const v1::ExportedStatistics& s) {
  const std::string json = ToJson(s);
  Struct v;
  if (!google::protobuf::util::JsonStringToMessage(json, &v).ok())
    return json;  // cannot happen: ToJson printed valid JSON
  Struct& printed = *(*v.mutable_fields())["statistics"].mutable_struct_value();
  for (Value& row : *(*printed.mutable_fields())["rows"]
                         .mutable_list_value()
                         ->mutable_values()) {
    DropField(row.mutable_struct_value(), {"counts"}, "subjects_notified",
              IsZero);
  }
  DropField(&printed, {"totals"}, "subjects_notified", IsZero);
  DropField(&v, {"published_rows_totals"}, "subjects_notified", IsZero);
  if (s.statistics().records_commitment().record_count_withheld())
    DropField(&printed, {"records_commitment"}, "record_count", Always);
  std::string out = ToJson(v);
  return out;
}

}  // namespace disclosure

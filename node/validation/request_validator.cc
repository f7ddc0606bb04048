// Validation of raw request records and their correction reasons
// (node/validation/validator.h).
#include <algorithm>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/i18n.h"
#include "core/periods.h"
#include "node/validation/collector.h"
#include "node/validation/validator.h"

namespace disclosure::node {

namespace v1 = disclosure::v1;
using validation_internal::At;
using validation_internal::Collector;

namespace {
// TaipeiDate(t), remembered for the last `t` on this thread: an import checks
// thousands of records against one time, and formatting the day cost more
// than the rest of a record's date checks.
const std::string& CachedTaipeiDay(absl::Time t) {
  thread_local absl::Time last = absl::InfinitePast();
  thread_local std::string day;
  if (t != last) {
    day = TaipeiDate(t);
    last = t;
  }
  return day;
}
}  // namespace

void CheckCorrectionReasons(
    const google::protobuf::RepeatedPtrField<std::string>& reasons,
    int record_count, int64_t first_index, Problems* out) {
  if (!reasons.empty() && reasons.size() != record_count) {
    Collector(-1, out).Add(
        "correction_reasons",
        N_("has $0 reasons for $1 records; give none, or one per record"),
        {absl::StrCat(reasons.size()), absl::StrCat(record_count)});
    return;
  }
  for (int i = 0; i < reasons.size(); ++i) {
    const std::string& reason = reasons[i];
    Collector c(first_index + i, out);
    if (reason.size() > kMaxCorrectionReasonBytes) {
      c.Add("correction_reason",
            N_("is $0 bytes; keep it under $1 (one short line: it is "
               "published)"),
            {absl::StrCat(reason.size()),
             absl::StrCat(kMaxCorrectionReasonBytes)});
    } else if (std::any_of(reason.begin(), reason.end(), [](char ch) {
                 return static_cast<unsigned char>(ch) < 0x20;
               })) {
      c.Add("correction_reason",
            N_("must be one line without control characters"));
    }
  }
}

void CheckRequestRecord(const v1::ProviderRequestRecord& r, int64_t index,
                        absl::Time now, Problems* out) {
  Collector c(index, out);
  c.DefinedEnums(r, "");
  if (!r.subject_notified_at().empty()) {
    c.PastDate("subject_notified_at", r.subject_notified_at(),
               CachedTaipeiDay(now));
  }
  if (r.has_responded_at() &&
      absl::FromUnixSeconds(r.responded_at().seconds()) >
          now + absl::Hours(24)) {
    c.Add("responded_at", N_("is in the future"));
  }
  const std::string& id = r.request_id();
  if (id.empty() || id.size() > 64 ||
      id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxy"
                           "z0123456789._-") != std::string::npos) {
    c.Add("request_id", N_("must be 1 to 64 characters of A-Z a-z 0-9 . _ -"));
  }
  c.Required("doc_no", r.doc_no());
  c.Required("requesting_unit", r.requesting_unit());
  c.Text("officer_id", r.officer_id());
  if (!r.has_sent_at()) {
    c.Add("sent_at", N_("is required"));
  } else {
    const absl::Time sent = absl::FromUnixSeconds(r.sent_at().seconds());
    if (sent > now + absl::Hours(24)) c.Add("sent_at", N_("is in the future"));
    if (r.sent_at().seconds() < 946684800)
      c.Add("sent_at", N_("is before 2000-01-01"));
    if (r.has_responded_at() &&
        r.responded_at().seconds() < r.sent_at().seconds()) {
      c.Add("responded_at", N_("is before sent_at"));
    }
  }
  c.Required("provider_name", r.provider_name());
  c.Specified("provider_type", r.provider_type());
  c.Required("legal_basis.statute", r.legal_basis().statute());
  c.Text("legal_basis.article", r.legal_basis().article());
  c.Specified("purpose_category", r.purpose_category());
  if (r.data_types().empty())
    c.Add("data_types", N_("needs at least one data type"));
  std::set<int> seen;
  for (int i = 0; i < r.data_types().size(); ++i) {
    if (r.data_types(i) == v1::REQUESTED_DATA_TYPE_UNSPECIFIED) {
      c.Add(At("data_types", i), N_("must be specified"));
    }
    if (!seen.insert(r.data_types(i)).second)
      c.Add(At("data_types", i), N_("is listed twice"));
  }
  c.Specified("identifier_type", r.identifier_type());
  if (r.identifiers_count() < 1)
    c.Add("identifiers_count", N_("must be at least 1"));
  if (r.identifiers_count() > 1'000'000)
    c.Add("identifiers_count", N_("is implausibly large"));
  c.Specified("urgency", r.urgency());
  c.Specified("external_authorisation", r.external_authorisation());
  c.Specified("outcome", r.outcome());
  c.Date("subject_notified_at", r.subject_notified_at(), false);
  c.Date("obtained_data_destroy_by", r.obtained_data_destroy_by(), false);
  c.Text("notice_deferred_reason", r.notice_deferred_reason());
  c.Required("case_ref", r.case_ref());
}

}  // namespace disclosure::node

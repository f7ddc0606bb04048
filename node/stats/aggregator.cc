#include "node/stats/aggregator.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/str_cat.h"
#include "core/sha256.h"
#include "disclosure/v1/request.pb.h"

namespace disclosure::node {
namespace {

namespace v1 = disclosure::v1;

void Count(const v1::ProviderRequestRecord& r, v1::RequestCounts* c) {
  c->set_requests(c->requests() + 1);
  c->set_identifiers_specified(c->identifiers_specified() + r.identifiers_count());
  switch (r.outcome()) {
    case v1::REQUEST_OUTCOME_PRODUCED_FULL:
    case v1::REQUEST_OUTCOME_PRODUCED_PARTIAL:
      c->set_requests_data_produced(c->requests_data_produced() + 1);
      break;
    case v1::REQUEST_OUTCOME_NO_DATA:
      c->set_requests_no_data(c->requests_no_data() + 1);
      break;
    case v1::REQUEST_OUTCOME_REFUSED_BY_PROVIDER:
      c->set_requests_refused(c->requests_refused() + 1);
      break;
    case v1::REQUEST_OUTCOME_PENDING:
      c->set_requests_pending(c->requests_pending() + 1);
      break;
    default:
      break;
  }
  if (!r.subject_notified_at().empty()) {
    c->set_subjects_notified(c->subjects_notified() + 1);
  }
}

Hash Salt(const std::string& secret, absl::string_view request_id) {
  Hash out;
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(request_id.data()), request_id.size(),
       out.data(), &len);
  return out;
}

}  // namespace

StatisticsAggregator::StatisticsAggregator(AggregatorOptions options,
                                           std::string salt_secret, absl::Time now)
    : options_(std::move(options)), salt_secret_(std::move(salt_secret)), now_(now) {}

absl::Status StatisticsAggregator::Add(absl::string_view request_id,
                                       absl::string_view record) {
  v1::ProviderRequestRecord r;
  if (!r.ParseFromArray(record.data(), static_cast<int>(record.size()))) {
    return absl::DataLossError(
        absl::StrCat("stored request record ", request_id, " is corrupt"));
  }
  const Period period = PeriodContaining(
      absl::FromUnixSeconds(r.sent_at().seconds()) + absl::Nanoseconds(r.sent_at().nanos()),
      options_.period_kind);
  if (period.end > now_) return absl::OkStatus();  // period still open
  ++records_seen_;
  PeriodAccumulator& acc = periods_[period.label];
  acc.period = period;
  Count(r, &acc.totals);
  for (int dt : r.data_types()) {
    GroupKey key{r.legal_basis().statute(), r.legal_basis().article(),
                 r.purpose_category(), r.provider_type(), dt, r.urgency()};
    Count(r, &acc.rows[key]);
  }
  Sha256 sha;
  sha.Update(AsBytes(Salt(salt_secret_, request_id)));
  sha.Update(record);
  acc.commitment.AppendLeaf(AsBytes(sha.Finish()));
  return absl::OkStatus();
}

std::map<std::string, v1::RequestStatistics> StatisticsAggregator::Finish() {
  // Which periods to publish: every completed period with records, and
  // every completed period from tracked_from on (zero when empty). Without
  // tracked_from, the last completed period is declared not tracked.
  const Period last = LastCompletedPeriod(now_, options_.period_kind);
  if (!options_.tracked_from.empty()) {
    absl::StatusOr<Period> p = PeriodFromLabel(options_.tracked_from);
    // Use the configured kind even if the label is of another form.
    Period cur = p.ok() ? PeriodContaining(p->start, options_.period_kind) : last;
    for (; cur.end <= now_; cur = NextPeriod(cur)) {
      if (periods_.count(cur.label) == 0) periods_[cur.label].period = cur;
    }
  }
  std::map<std::string, v1::RequestStatistics> out;
  const auto to_ts = [](absl::Time t, google::protobuf::Timestamp* ts) {
    ts->set_seconds(absl::ToUnixSeconds(t));
  };
  for (auto& [label, acc] : periods_) {
    v1::RequestStatistics s;
    s.set_agency_id(options_.agency_id);
    s.set_period(label);
    to_ts(acc.period.start, s.mutable_period_start());
    to_ts(acc.period.end, s.mutable_period_end());
    s.set_counting_rule(options_.counting_rule);
    s.set_reporting_status(acc.totals.requests() > 0 ? v1::REPORTING_STATUS_REPORTED
                                                     : v1::REPORTING_STATUS_ZERO);
    for (auto& [key, counts] : acc.rows) {
      v1::RequestStatisticsRow* row = s.add_rows();
      row->mutable_legal_basis()->set_statute(std::get<0>(key));
      row->mutable_legal_basis()->set_article(std::get<1>(key));
      row->set_purpose_category(static_cast<v1::PurposeCategory>(std::get<2>(key)));
      row->set_provider_type(static_cast<v1::ProviderType>(std::get<3>(key)));
      row->set_data_type(static_cast<v1::RequestedDataType>(std::get<4>(key)));
      row->set_urgency(static_cast<v1::Urgency>(std::get<5>(key)));
      const uint32_t t = options_.small_count_threshold;
      if (t > 1 && counts.requests() < t) {
        row->set_suppressed(true);
        row->set_band(absl::StrCat("1-", t - 1));
      } else {
        *row->mutable_counts() = counts;
      }
    }
    *s.mutable_totals() = acc.totals;
    s.set_totals_include_suppressed(true);
    s.mutable_records_commitment()->set_root(ToString(acc.commitment.Root()));
    s.mutable_records_commitment()->set_record_count(
        static_cast<int64_t>(acc.commitment.size()));
    s.mutable_records_commitment()->set_scheme(kCommitmentScheme);
    out.emplace(label, std::move(s));
  }
  if (options_.tracked_from.empty() && out.count(last.label) == 0) {
    v1::RequestStatistics s;
    s.set_agency_id(options_.agency_id);
    s.set_period(last.label);
    to_ts(last.start, s.mutable_period_start());
    to_ts(last.end, s.mutable_period_end());
    s.set_counting_rule(options_.counting_rule);
    s.set_reporting_status(v1::REPORTING_STATUS_NOT_TRACKED);
    out.emplace(last.label, std::move(s));
  }
  return out;
}

}  // namespace disclosure::node

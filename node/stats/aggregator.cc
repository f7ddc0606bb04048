#include "node/stats/aggregator.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/request_counts.h"
#include "format/sha256.h"
#include "format/status_macros.h"
#include "format/withholding.h"

// The commitment needs one HMAC per record; precomputed inner and outer
// SHA-256 states make it two compression calls instead of a full HMAC setup.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

namespace disclosure::node {
namespace {

namespace v1 = disclosure::v1;
namespace v1n = disclosure::v1::node;

// Adds (sign +1) or removes (sign -1) one record's contribution.
void Count(const v1::ProviderRequestRecord& r, v1::RequestCounts* c,
           int sign = 1) {
  c->set_requests(c->requests() + sign);
  c->set_identifiers_specified(c->identifiers_specified() +
                               sign * r.identifiers_count());
  switch (r.outcome()) {
    case v1::REQUEST_OUTCOME_PRODUCED_FULL:
    case v1::REQUEST_OUTCOME_PRODUCED_PARTIAL:
      c->set_requests_data_produced(c->requests_data_produced() + sign);
      break;
    case v1::REQUEST_OUTCOME_NO_DATA:
      c->set_requests_no_data(c->requests_no_data() + sign);
      break;
    case v1::REQUEST_OUTCOME_REFUSED_BY_PROVIDER:
      c->set_requests_refused(c->requests_refused() + sign);
      break;
    case v1::REQUEST_OUTCOME_PENDING:
      c->set_requests_pending(c->requests_pending() + sign);
      break;
    default:
      break;
  }
  if (!r.subject_notified_at().empty()) {
    c->set_subjects_notified(c->subjects_notified() + sign);
  }
}

Period PeriodOf(const v1::ProviderRequestRecord& r, PeriodKind kind) {
  return PeriodContaining(absl::FromUnixSeconds(r.sent_at().seconds()) +
                              absl::Nanoseconds(r.sent_at().nanos()),
                          kind);
}

void SetTime(absl::Time t, google::protobuf::Timestamp* ts) {
  ts->set_seconds(absl::ToUnixSeconds(t));
}

v1::RequestStatistics Empty(const StatisticsOptions& o, const Period& p,
                            v1::ReportingStatus status) {
  v1::RequestStatistics s;
  s.set_agency_id(o.agency_id);
  s.set_period(p.label);
  SetTime(p.start, s.mutable_period_start());
  SetTime(p.end, s.mutable_period_end());
  s.set_counting_rule(o.counting_rule);
  s.set_reporting_status(status);
  if (o.format_version >= kWithholdingFormatVersion)
    s.set_scope(v1::STATISTICS_SCOPE_ADMINISTRATIVE_REGULATION);
  return s;
}

// The first withholding decision whose keys match the row's, or null.
const v1n::StatisticsWithholding* WithholdingOf(
    const StatisticsOptions& o, const v1n::PeriodAggregate::Row& r) {
  for (const v1n::StatisticsWithholding& w : o.withholding) {
    if (w.statute() != r.statute()) continue;
    if (!w.article().empty() && w.article() != r.article()) continue;
    if (w.purpose_category() != v1::PURPOSE_CATEGORY_UNSPECIFIED &&
        w.purpose_category() != r.purpose_category())
      continue;
    if (w.provider_type() != v1::PROVIDER_TYPE_UNSPECIFIED &&
        w.provider_type() != r.provider_type())
      continue;
    return &w;
  }
  return nullptr;
}

// The running commitment of a stored aggregate. DataLoss naming the period
// when the stored frontier is corrupt.
absl::StatusOr<StreamingMerkleRoot> ResumeCommitment(
    const v1n::PeriodAggregate& a) {
  std::vector<Hash> frontier;
  for (const std::string& h : a.commitment_frontier()) {
    absl::StatusOr<Hash> hash = HashFromBytes(h);
    if (!hash.ok()) {
      return absl::DataLossError(absl::StrCat("stored commitment of period ",
                                              a.period(), " is corrupt"));
    }
    frontier.push_back(*hash);
  }
  absl::StatusOr<StreamingMerkleRoot> resumed =
      StreamingMerkleRoot::Resume(std::move(frontier), a.commitment_size());
  if (!resumed.ok()) {
    return absl::DataLossError(
        absl::StrCat("stored commitment of period ", a.period(),
                     " is corrupt: ", resumed.status().message()));
  }
  return resumed;
}

}  // namespace

struct RecordCommitter::State {
  SHA256_CTX inner;
  SHA256_CTX outer;
};

RecordCommitter::RecordCommitter(const std::string& secret)
    : state_(std::make_shared<State>()) {
  // HMAC (RFC 2104) with a key of at most one block.
  unsigned char key[64] = {0};
  if (secret.size() > 64) {
    SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
           key);
  } else {
    std::copy(secret.begin(), secret.end(), key);
  }
  unsigned char ipad[64], opad[64];
  for (int i = 0; i < 64; ++i) {
    ipad[i] = key[i] ^ 0x36;
    opad[i] = key[i] ^ 0x5c;
  }
  SHA256_Init(&state_->inner);
  SHA256_Update(&state_->inner, ipad, 64);
  SHA256_Init(&state_->outer);
  SHA256_Update(&state_->outer, opad, 64);
}

Hash RecordCommitter::Leaf(absl::string_view request_id,
                           absl::string_view record_bytes) {
  unsigned char inner_digest[32];
  SHA256_CTX ctx = state_->inner;
  SHA256_Update(&ctx, request_id.data(), request_id.size());
  SHA256_Final(inner_digest, &ctx);
  unsigned char salt[32];
  ctx = state_->outer;
  SHA256_Update(&ctx, inner_digest, 32);
  SHA256_Final(salt, &ctx);
  Hash leaf;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, salt, 32);
  SHA256_Update(&ctx, record_bytes.data(), record_bytes.size());
  SHA256_Final(leaf.data(), &ctx);
  return leaf;
}

PeriodAggregator::PeriodAggregator(PeriodKind kind, const std::string& secret,
                                   Loader load)
    : kind_(kind), committer_(secret), load_(std::move(load)) {}

absl::StatusOr<PeriodAggregator::Working*> PeriodAggregator::Touch(
    const Period& period) {
  auto it = periods_.find(period.label);
  if (it != periods_.end()) return &it->second;
  Working w;
  w.period = period;
  DN_ASSIGN_OR_RETURN(std::optional<v1n::PeriodAggregate> stored,
                      load_(period.label));
  if (stored.has_value()) {
    const v1n::PeriodAggregate& a = *stored;
    for (const auto& row : a.rows()) {
      Row& r =
          w.rows[GroupKey{row.statute(), row.article(), row.purpose_category(),
                          row.provider_type(), row.urgency()}];
      r.counts = row.counts();
      for (const auto& [type, n] : row.requests_by_data_type()) {
        r.by_data_type[type] = n;
      }
    }
    w.totals = a.totals();
    w.corrections.assign(a.corrections().begin(), a.corrections().end());
    DN_ASSIGN_OR_RETURN(StreamingMerkleRoot resumed, ResumeCommitment(a));
    w.commitment = std::move(resumed);
  }
  return &periods_.emplace(period.label, std::move(w)).first->second;
}

absl::StatusOr<PeriodAggregator::Working*> PeriodAggregator::Tally(
    const v1::ProviderRequestRecord& r, int sign) {
  DN_ASSIGN_OR_RETURN(Working * w, Touch(PeriodOf(r, kind_)));
  Count(r, &(w)->totals, sign);
  const GroupKey key{r.legal_basis().statute(), r.legal_basis().article(),
                     r.purpose_category(), r.provider_type(), r.urgency()};
  Row& row = (w)->rows[key];
  Count(r, &row.counts, sign);
  for (int dt : r.data_types()) {
    if ((row.by_data_type[dt] += sign) == 0) row.by_data_type.erase(dt);
  }
  // A row whose last request was corrected away is not published as zeros.
  if (row.counts.requests() == 0) (w)->rows.erase(key);
  return w;
}

absl::StatusOr<std::pair<std::string, uint64_t>> PeriodAggregator::Add(
    const v1::ProviderRequestRecord& r, absl::string_view bytes) {
  DN_ASSIGN_OR_RETURN(Working * w, Tally(r, +1));
  const uint64_t position = (w)->commitment.size();
  (w)->commitment.AppendLeaf(AsBytes(committer_.Leaf(r.request_id(), bytes)));
  return std::make_pair((w)->period.label, position);
}

absl::StatusOr<std::pair<std::string, uint64_t>> PeriodAggregator::Correct(
    const v1::ProviderRequestRecord& old,
    const v1::ProviderRequestRecord& corrected, absl::string_view bytes,
    const std::string& reason, int64_t at_seconds) {
  DN_ASSIGN_OR_RETURN(Working * from, Tally(old, -1));
  v1n::PeriodAggregate::Correction note;
  note.set_reason(reason);
  note.set_corrected_at_seconds(at_seconds);
  (from)->corrections.push_back(note);
  DN_ASSIGN_OR_RETURN(auto at, Add(corrected, bytes));
  if (at.first != (from)->period.label) {
    periods_.at(at.first).corrections.push_back(note);
  }
  return at;
}

std::vector<v1n::PeriodAggregate> PeriodAggregator::Export() const {
  std::vector<v1n::PeriodAggregate> out;
  for (const auto& [label, w] : periods_) {
    v1n::PeriodAggregate a;
    a.set_period(label);
    a.set_period_start_seconds(absl::ToUnixSeconds(w.period.start));
    a.set_period_end_seconds(absl::ToUnixSeconds(w.period.end));
    for (const auto& [key, r] : w.rows) {
      auto* row = a.add_rows();
      row->set_statute(std::get<0>(key));
      row->set_article(std::get<1>(key));
      row->set_purpose_category(
          static_cast<v1::PurposeCategory>(std::get<2>(key)));
      row->set_provider_type(static_cast<v1::ProviderType>(std::get<3>(key)));
      row->set_urgency(static_cast<v1::Urgency>(std::get<4>(key)));
      *row->mutable_counts() = r.counts;
      for (const auto& [type, n] : r.by_data_type) {
        (*row->mutable_requests_by_data_type())[type] = n;
      }
    }
    *a.mutable_totals() = w.totals;
    for (const Hash& h : w.commitment.frontier())
      a.add_commitment_frontier(ToString(h));
    a.set_commitment_size(w.commitment.size());
    for (const auto& c : w.corrections) *a.add_corrections() = c;
    out.push_back(std::move(a));
  }
  return out;
}

absl::StatusOr<std::map<std::string, v1::RequestStatistics>> BuildStatistics(
    const std::vector<v1n::PeriodAggregate>& aggregates,
    const StatisticsOptions& o, absl::Time now) {
  std::map<std::string, v1::RequestStatistics> out;
  for (const v1n::PeriodAggregate& a : aggregates) {
    if (absl::FromUnixSeconds(a.period_end_seconds()) > now)
      continue;  // still open
    Period p{a.period(), absl::FromUnixSeconds(a.period_start_seconds()),
             absl::FromUnixSeconds(a.period_end_seconds())};
    v1::RequestStatistics s =
        Empty(o, p,
              a.totals().requests() > 0 ? v1::REPORTING_STATUS_REPORTED
                                        : v1::REPORTING_STATUS_ZERO);
    for (const auto& r : a.rows()) {
      v1::RequestStatisticsRow* row = s.add_rows();
      row->mutable_legal_basis()->set_statute(r.statute());
      row->mutable_legal_basis()->set_article(r.article());
      row->set_purpose_category(r.purpose_category());
      row->set_provider_type(r.provider_type());
      row->set_urgency(r.urgency());
      const uint32_t t = o.small_count_threshold;
      if (const auto* w = WithholdingOf(o, r)) {
        // Withheld, not banded: a band would reveal the count's range.
        *row->mutable_withheld() = w->withholding();
      } else if (t > 1 && r.counts().requests() < t) {
        row->set_suppressed(true);
        row->set_band(absl::StrCat("1-", t - 1));
      } else {
        *row->mutable_counts() = r.counts();
        // Data types in enum order, for a stable encoding.
        const std::map<int32_t, int64_t> by_type(
            r.requests_by_data_type().begin(), r.requests_by_data_type().end());
        for (const auto& [type, n] : by_type) {
          v1::DataTypeCount* c = row->add_data_types();
          c->set_data_type(static_cast<v1::RequestedDataType>(type));
          c->set_requests(n);
        }
      }
    }
    // Disclosure control that subtraction cannot undo: with any row banded
    // or withheld, no published number may cover it, so the totals are
    // those of the published rows and the record count (the true total) is
    // withheld. Every published number is then a sum of published cells.
    bool any_banded = false;
    v1::RequestCounts visible;
    for (const auto& row : s.rows()) {
      if (CountsHidden(row)) {
        any_banded = true;
      } else {
        AddRequestCounts(row.counts(), &visible);
      }
    }
    *s.mutable_totals() = any_banded ? visible : a.totals();
    s.set_totals_include_suppressed(!any_banded);
    // A commitment that cannot be rebuilt is never published as empty: the
    // publication fails and names the period.
    DN_ASSIGN_OR_RETURN(StreamingMerkleRoot root, ResumeCommitment(a));
    s.mutable_records_commitment()->set_root(ToString(root.Root()));
    if (any_banded) {
      s.mutable_records_commitment()->set_record_count_withheld(true);
    } else {
      s.mutable_records_commitment()->set_record_count(
          static_cast<int64_t>(a.commitment_size()));
    }
    s.mutable_records_commitment()->set_scheme(kCommitmentScheme);
    out.emplace(a.period(), std::move(s));
  }
  // Tracked periods without records are zero; without tracking, the last
  // completed period is declared not tracked.
  const Period last = LastCompletedPeriod(now, o.period_kind);
  if (!o.tracked_from.empty()) {
    absl::StatusOr<Period> first = PeriodFromLabel(o.tracked_from);
    Period cur =
        first.ok() ? PeriodContaining(first->start, o.period_kind) : last;
    for (; cur.end <= now; cur = NextPeriod(cur)) {
      if (out.count(cur.label) == 0) {
        out.emplace(cur.label, Empty(o, cur, v1::REPORTING_STATUS_ZERO));
      }
    }
  } else if (out.count(last.label) == 0) {
    out.emplace(last.label, Empty(o, last, v1::REPORTING_STATUS_NOT_TRACKED));
  }
  return out;
}

bool WithholdCountsOfRevision(const v1::RequestStatistics& earlier,
                              v1::RequestStatistics* revised) {
  const bool banded_now =
      std::any_of(revised->rows().begin(), revised->rows().end(),
                  [](const auto& row) { return CountsHidden(row); });
  // A version with a banded row withholds its count (BuildStatistics), and
  // so does every version after one: the count withheld carries the rule
  // forward.
  const bool banded_before =
      earlier.records_commitment().record_count_withheld();
  if (!banded_now && !banded_before) return false;
  revised->mutable_records_commitment()->clear_record_count();
  revised->mutable_records_commitment()->set_record_count_withheld(true);
  return true;
}

std::string CorrectionNote(const v1n::PeriodAggregate& a,
                           bool counts_withheld) {
  if (a.corrections().empty()) {
    return "counts changed: records for this period were added after it was "
           "first published";
  }
  // The reasons in the order made, each once with how often it was given;
  // the note stays short however many records were corrected.
  constexpr int kMaxReasons = 10;
  std::vector<std::pair<std::string, int>> reasons;
  for (const auto& c : a.corrections()) {
    auto it = std::find_if(reasons.begin(), reasons.end(), [&](const auto& r) {
      return r.first == c.reason();
    });
    if (it == reasons.end()) {
      reasons.emplace_back(c.reason(), 1);
    } else {
      ++it->second;
    }
  }
  // Without numbers, the note cannot bound how many records moved: records
  // may also have been added, and the note does not say how many.
  std::string note =
      counts_withheld
          ? std::string(
                "counts changed: records of this period were "
                "corrected, and some may have been added, after it "
                "was first published (")
          : absl::StrCat("counts changed: ", a.corrections_size(),
                         " correction(s) of this period's records (");
  for (size_t i = 0; i < reasons.size() && i < kMaxReasons; ++i) {
    absl::StrAppend(&note, i ? "; " : "", reasons[i].first);
    if (reasons[i].second > 1 && !counts_withheld) {
      absl::StrAppend(&note, " x", reasons[i].second);
    }
  }
  if (reasons.size() > kMaxReasons) {
    if (counts_withheld) {
      absl::StrAppend(&note, "; other reasons");
    } else {
      absl::StrAppend(&note, "; ", reasons.size() - kMaxReasons,
                      " other reason(s)");
    }
  }
  absl::StrAppend(&note, ")");
  return note;
}

absl::StatusOr<std::unique_ptr<NodeStore>> OpenNodeStore(
    const std::string& dir, PeriodKind kind, bool compress,
    bool create_if_missing) {
  AggregationFactory aggregation = [kind](const NodeStore& store,
                                          bool from_scratch) {
    PeriodAggregator::Loader load = [&store](const std::string& period) {
      return store.GetPeriodAggregate(period);
    };
    if (from_scratch) {
      load = [](const std::string&) {
        return absl::StatusOr<
            std::optional<disclosure::v1::node::PeriodAggregate>>(std::nullopt);
      };
    }
    return std::make_unique<PeriodAggregator>(kind, store.record_salt_secret(),
                                              std::move(load));
  };
  return NodeStore::Open(dir, kind, std::move(aggregation), compress,
                         create_if_missing);
}

}  // namespace disclosure::node

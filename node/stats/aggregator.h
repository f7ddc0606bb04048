// Aggregates raw provider request records into the published
// RequestStatistics of DOMAIN.md section 5, one per completed period.
//
// Rows are grouped by (legal basis, purpose, provider type, data type,
// urgency). A request for several data types appears in each of their rows
// and once in the totals. Each period also carries a Merkle commitment over
// salted hashes of its raw records, sorted by request_id:
//   leaf data = SHA-256(salt || record bytes), salt = HMAC-SHA256(secret, id)
// The secret (and so every salt) stays at the node.
#ifndef DISCLOSURE_NODE_STATS_AGGREGATOR_H_
#define DISCLOSURE_NODE_STATS_AGGREGATOR_H_

#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/merkle.h"
#include "disclosure/v1/statistics.pb.h"
#include "node/stats/periods.h"

namespace disclosure::node {

inline constexpr char kCommitmentScheme[] =
    "v1 leaf=sha256(salt32||record) salt=hmac-sha256(node-secret,request_id) "
    "order=request_id";

struct AggregatorOptions {
  std::string agency_id;
  PeriodKind period_kind = disclosure::v1::node::STATISTICS_PERIOD_HALF_YEAR;
  std::string counting_rule;
  // Rows with fewer requests than this are banded; 0 disables banding.
  uint32_t small_count_threshold = 0;
  // First tracked period ("" = not tracked); see NodeConfig.
  std::string tracked_from;
};

// Feed records in request_id order with Add(), then Finish(). Not
// thread-safe; one instance per publication.
class StatisticsAggregator {
 public:
  StatisticsAggregator(AggregatorOptions options, std::string salt_secret,
                       absl::Time now);

  // Adds one serialized ProviderRequestRecord. Records of periods that have
  // not ended at `now` are skipped (published once the period closes).
  // DataLoss if the bytes do not parse.
  absl::Status Add(absl::string_view request_id, absl::string_view record);

  // The statistics of every completed period that has records or is
  // tracked, keyed by period label. Version fields are left to the caller.
  std::map<std::string, disclosure::v1::RequestStatistics> Finish();

  int64_t records_seen() const { return records_seen_; }

 private:
  // (statute, article, purpose, provider type, data type, urgency)
  using GroupKey = std::tuple<std::string, std::string, int, int, int, int>;
  struct PeriodAccumulator {
    Period period;
    std::map<GroupKey, disclosure::v1::RequestCounts> rows;
    disclosure::v1::RequestCounts totals;
    StreamingMerkleRoot commitment;
  };

  AggregatorOptions options_;
  std::string salt_secret_;
  absl::Time now_;
  std::map<std::string, PeriodAccumulator> periods_;
  int64_t records_seen_ = 0;
};

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_STATS_AGGREGATOR_H_

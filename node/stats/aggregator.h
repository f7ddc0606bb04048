// Aggregation of raw provider request records into the published
// RequestStatistics (docs/domain.md, "Request statistics").
//
// Records are aggregated when they are imported, into one PeriodAggregate
// per statistics period, stored in the same write as the records; publishing
// only turns the stored aggregates into statistics, so its cost does not
// grow with the number of raw records.
//
// Rows are grouped by (legal basis, purpose, provider type, urgency), so
// each request counts in exactly one row and the rows add up to the
// totals. Each row also counts its requests by data type; a request for
// several data types counts under each of them there. Each period carries a
// Merkle commitment over salted hashes of its raw records in import order:
//   leaf data = SHA-256(salt || record bytes), salt = HMAC-SHA256(secret, id)
// The secret (and so every salt) stays at the node.
#ifndef DISCLOSURE_NODE_STATS_AGGREGATOR_H_
#define DISCLOSURE_NODE_STATS_AGGREGATOR_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/periods.h"
#include "disclosure/v1/node/node_config.pb.h"
#include "disclosure/v1/node/node_store.pb.h"
#include "disclosure/v1/request.pb.h"
#include "disclosure/v1/statistics.pb.h"
#include "format/merkle.h"
#include "node/storage/node_store.h"

namespace disclosure::node {

inline constexpr char kCommitmentScheme[] =
    "v1 leaf=sha256(salt32||record) salt=hmac-sha256(node-secret,request_id) "
    "order=import";

// Computes commitment leaves; the HMAC key schedule is done once.
// Not thread-safe.
class RecordCommitter {
 public:
  explicit RecordCommitter(const std::string& secret);
  // SHA-256(HMAC-SHA256(secret, request_id) || record_bytes).
  Hash Leaf(absl::string_view request_id, absl::string_view record_bytes);

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// Accumulates records into period aggregates. `load` supplies the stored
// aggregate of a period the first time it is touched. Not thread-safe.
class PeriodAggregator final : public RecordAggregation {
 public:
  using Loader = std::function<
      absl::StatusOr<std::optional<disclosure::v1::node::PeriodAggregate>>(
          const std::string& period)>;

  PeriodAggregator(PeriodKind kind, const std::string& secret, Loader load);

  // Adds one record (its parsed form and exact stored bytes); returns its
  // period label and its position in that period's commitment.
  absl::StatusOr<std::pair<std::string, uint64_t>> Add(
      const disclosure::v1::ProviderRequestRecord& record,
      absl::string_view bytes) override;

  absl::StatusOr<std::pair<std::string, uint64_t>> Correct(
      const disclosure::v1::ProviderRequestRecord& old,
      const disclosure::v1::ProviderRequestRecord& corrected,
      absl::string_view bytes, const std::string& reason,
      int64_t at_seconds) override;

  // The aggregates touched so far, in their updated state.
  std::vector<disclosure::v1::node::PeriodAggregate> Export() const override;

 private:
  using GroupKey = std::tuple<std::string, std::string, int, int, int>;
  struct Row {
    disclosure::v1::RequestCounts counts;
    std::map<int, int64_t> by_data_type;
  };
  struct Working {
    Period period;
    std::map<GroupKey, Row> rows;
    disclosure::v1::RequestCounts totals;
    StreamingMerkleRoot commitment;
    std::vector<disclosure::v1::node::PeriodAggregate::Correction> corrections;
  };
  absl::StatusOr<Working*> Touch(const Period& period);
  // Counts `r` into (sign +1) or out of (sign -1) its period's row and
  // totals; returns the period's working state.
  absl::StatusOr<Working*> Tally(const disclosure::v1::ProviderRequestRecord& r,
                                 int sign);

  PeriodKind kind_;
  RecordCommitter committer_;
  Loader load_;
  std::map<std::string, Working> periods_;
};

struct StatisticsOptions {
  std::string agency_id;
  PeriodKind period_kind = disclosure::v1::node::STATISTICS_PERIOD_HALF_YEAR;
  std::string counting_rule;
  // Rows with fewer requests than this are banded; 0 disables banding.
  uint32_t small_count_threshold = 0;
  // First tracked period ("" = not tracked); see NodeConfig.
  std::string tracked_from;
  // The snapshot format written: from 2 on, statistics state their scope
  // and rows may be withheld.
  uint32_t format_version = 1;
  // Rows whose counts are withheld (format 2; NodeConfig).
  std::vector<disclosure::v1::node::StatisticsWithholding> withholding;
};

// The statistics of every completed period (end <= now) that has records or
// is tracked, from the stored aggregates. Version fields are left to the
// caller.
absl::StatusOr<std::map<std::string, disclosure::v1::RequestStatistics>>
BuildStatistics(
    const std::vector<disclosure::v1::node::PeriodAggregate>& aggregates,
    const StatisticsOptions& options, absl::Time now);

// Banding across versions. A revised version published beside an earlier
// one must not let the two together pin a banded cell: the change in a
// published row plus an exact number of corrections (or an exact record
// count) would say how many records moved into, or out of, a banded row.
// So once any version of a period has banded a row, every later version
// withholds the record count, and its correction note names reasons but
// no numbers. Returns whether `revised` (already built by BuildStatistics)
// is such a version, given the `earlier` version published before it, and
// if so withholds its record count.
bool WithholdCountsOfRevision(const disclosure::v1::RequestStatistics& earlier,
                              disclosure::v1::RequestStatistics* revised);

// The note published with a new version of a period's statistics: the
// corrections made to its records (how many, and each reason with how
// often it was given, unless `counts_withheld`), or else that records
// came late.
std::string CorrectionNote(const disclosure::v1::node::PeriodAggregate& a,
                           bool counts_withheld);

// Opens the node's store in `dir` with statistics periods of `kind`: imports
// aggregate new records with a PeriodAggregator salted by the store's
// record secret, extending the stored aggregates.
absl::StatusOr<std::unique_ptr<NodeStore>> OpenNodeStore(
    const std::string& dir,
    PeriodKind kind = disclosure::v1::node::STATISTICS_PERIOD_HALF_YEAR,
    bool compress = true, bool create_if_missing = true);

}  // namespace disclosure::node

#endif  // DISCLOSURE_NODE_STATS_AGGREGATOR_H_

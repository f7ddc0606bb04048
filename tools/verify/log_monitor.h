// Following every agency's log over time, as a monitor does, from an export
// (a folder or its URL) and with nothing but the keys the auditor trusts:
//
//   the checkpoint           signed by the agency's key; cosigned by at
//                            least N trusted witness keys
//   against the last state   never smaller (rollback), never another root
//                            at the same size, and its tiles' first M leaf
//                            hashes reproduce the root verified at size M
//                            (otherwise: a fork)
//   the tiles                reproduce the checkpoint's root
//   each new manifest        of this agency and log, in sequence, issued
//                            in order and not in the future, valid for a
//                            bounded time
//   the latest snapshot      in full: the export's bundles hold every entry
//                            and rebuild the manifest's entries root
//   statistics               a period's numbers never change without a new
//                            version carrying a correction note
//   a second route           (another export or mirror) shows the same log
//                            or one consistent with it; otherwise a split
//                            view
//
// What was verified is kept per log (disclosure.v1.MonitoredLog) and is the
// base of the next run; a log with an alert keeps its old state.
#ifndef DISCLOSURE_TOOLS_VERIFY_LOG_MONITOR_H_
#define DISCLOSURE_TOOLS_VERIFY_LOG_MONITOR_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "disclosure/v1/monitor.pb.h"
#include "format/checkpoint.h"
#include "format/merkle.h"
#include "tools/verify/export_source.h"
#include "tools/verify/trusted_keys.h"

namespace disclosure::verify {

struct MonitorOptions {
  size_t min_cosignatures = 1;
  absl::Time now;
  // A manifest issued later than now + this is refused.
  absl::Duration max_clock_skew = absl::Minutes(10);
  // A manifest valid for longer than this is refused.
  absl::Duration max_validity = absl::Hours(24 * 366);
};

struct MonitorAlert {
  // "fork", "rollback", "split-view", "no-quorum", "bad-signature",
  // "tampered", "manifest-rule", "statistics-changed", "unreadable".
  std::string kind;
  std::string detail;
};

struct LogReport {
  std::string origin;
  uint64_t old_size = 0;  // 0 on a first run
  uint64_t new_size = 0;  // 0 when nothing is published yet
  bool changed = false;
  std::vector<MonitorAlert> alerts;
};

class LogMonitor {
 public:
  // `keys` is borrowed and must outlive the monitor.
  LogMonitor(const TrustedKeys& keys, MonitorOptions options)
      : keys_(keys), options_(options) {}

  // The entries of snapshot `sequence`, from a route that still holds
  // every snapshot (the agency's node); the export holds the latest only.
  using EntryFetcher = std::function<absl::StatusOr<std::vector<std::string>>(
      uint64_t sequence)>;

  // Checks the log `origin` in `source` against `held` (its last verified
  // state; null on a first run). Fills `next` with the new state when there
  // is no alert (a copy of `held` when nothing changed). With
  // `earlier_entries`, every new snapshot before the latest is verified in
  // full too (its entries against its signed manifest; a mismatch is a
  // split view: that route shows another snapshot).
  LogReport Check(const ExportSource& source, const std::string& origin,
                  const disclosure::v1::MonitoredLog* held,
                  disclosure::v1::MonitoredLog* next,
                  const EntryFetcher& earlier_entries = nullptr) const;

  // The same log through a second route: an alert in `report` when its
  // checkpoint cannot be honest beside `verified` (read from `primary`):
  // the same size with another root, or a history that does not extend or
  // prefix it (the larger log's tiles decide).
  void Compare(const ExportSource& primary, const ExportSource& other,
               const disclosure::v1::MonitoredLog& verified,
               LogReport* report) const;

  // A checkpoint note of the log of `verified` seen through another route
  // (`route`, e.g. a node asked directly), checked the same way: signed by
  // the agency, and consistent with `verified`. `prove(size1, size2)`
  // gives a consistency proof between two sizes from that route when its
  // log is the larger; a smaller one is checked against `primary`'s tiles.
  using Prover = std::function<absl::StatusOr<std::vector<Hash>>(
      uint64_t size1, uint64_t size2)>;
  void CompareNote(const ExportSource& primary, const std::string& route,
                   const std::string& note, const Prover& prove,
                   const disclosure::v1::MonitoredLog& verified,
                   LogReport* report) const;

 private:
  struct VerifiedHead {
    std::string note;
    Checkpoint checkpoint;
  };
  // Reads and verifies logs/<id>/checkpoint; nullopt (with an alert, or
  // none when the log is not there and `missing_ok`) otherwise.
  std::optional<VerifiedHead> ReadHead(const ExportSource& source,
                                       const std::string& origin,
                                       bool missing_ok,
                                       LogReport* report) const;
  // The log's leaves' hashes from its level-0 tiles, checked against the
  // signed root; nullopt with an alert otherwise.
  std::optional<MerkleTree> ReadTree(const ExportSource& source,
                                     const std::string& origin,
                                     const Checkpoint& cp,
                                     LogReport* report) const;
  // Manifests first..size-1 from the entry bundles, each matching its leaf
  // hash and the manifest rules; nullopt with an alert otherwise.
  std::optional<std::vector<std::string>> ReadManifests(
      const ExportSource& source, const std::string& origin,
      const MerkleTree& tree, uint64_t first, LogReport* report) const;
  // The latest snapshot in full from the export's bundles, and its
  // statistics; false with an alert otherwise.
  bool CheckSnapshot(const ExportSource& source, const std::string& origin,
                     const std::string& manifest,
                     const disclosure::v1::MonitoredLog* held,
                     disclosure::v1::MonitoredLog* next,
                     LogReport* report) const;

  const TrustedKeys& keys_;
  const MonitorOptions options_;
};

// The agency id of an agency log origin ("<td>/agency/<id>").
std::string AgencyIdOf(const std::string& origin);

}  // namespace disclosure::verify

#endif  // DISCLOSURE_TOOLS_VERIFY_LOG_MONITOR_H_

// Keeps a TextIndex up to date on a thread of its own, so that accepting a
// harvest never waits for indexing (about a millisecond per database: a
// full harvest of 100,000 databases would otherwise wait minutes).
//
// Changes are applied in the order they were enqueued and committed in
// batches; a search that must see every change made before it calls
// WaitUntilCurrent first. Indexing holds off while harvests run
// (BeginForeground), each change at most a set time (30 s by default), so that
// a harvest round does not share the cores with indexing what it has just
// accepted. Each agency's change records the snapshot version it brings the
// index to, so a change lost at shutdown is redone at the next start (the
// version on disk is then older). Thread-safe.
#ifndef DISCLOSURE_HUB_INDEX_SEARCH_INDEXER_H_
#define DISCLOSURE_HUB_INDEX_SEARCH_INDEXER_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "disclosure/v1/entry.pb.h"
#include "hub/index/text_index.h"

namespace disclosure::hub {

class SearchIndexer {
 public:
  struct Change {
    std::string agency_id;
    enum class Kind {
      kReplaceAgency,  // `upserts` are all of the agency's databases
      kUpdate,         // `upserts` added or replaced, `removed_ids` removed
      kRemoveAgency,
      kMetadata,  // sets `metadata_key` to `metadata_value`; no agency
    } kind = Kind::kUpdate;
    std::string metadata_key;
    std::string metadata_value;
    // Serialized DatabaseEntry messages: a full rebuild queues every
    // database at once, and parsed messages take several times the bytes.
    // Shared with the caller (DisclosureIndex keeps the same bytes), so a
    // queue held back during a harvest does not hold a second copy.
    std::vector<std::shared_ptr<const std::string>> upserts;
    std::vector<std::string> removed_ids;
    // The agency's snapshot after the change ("" unknown). A replacement
    // whose version the index already holds is skipped.
    std::string version;
  };

  // By default, how long a queued change may wait for harvests to end before it
  // is indexed beside them.
  static constexpr absl::Duration kMaxDeferral = absl::Seconds(30);

  explicit SearchIndexer(std::unique_ptr<TextIndex> index,
                         absl::Duration max_deferral = kMaxDeferral);
  // Stops after the change in hand; later ones are redone at next start.
  ~SearchIndexer();
  SearchIndexer(const SearchIndexer&) = delete;
  SearchIndexer& operator=(const SearchIndexer&) = delete;

  void Enqueue(Change change);
  // Foreground work (a harvest) begins or ends. While any is under way,
  // queued changes wait, each at most `max_deferral` after it was queued.
  void BeginForeground();
  void EndForeground();
  // Waits until every change enqueued before the call is searchable, at
  // most `timeout`, and not while indexing holds off for foreground work
  // (it then returns at once). False if some are still pending.
  bool WaitUntilCurrent(absl::Duration timeout) const;
  // The first failure to index or commit (searches report it); OK if none.
  absl::Status status() const;

  // What is not searchable yet, for operators (hub status, metrics).
  struct Backlog {
    uint64_t changes = 0;    // agency changes queued or being applied
    uint64_t databases = 0;  // databases those changes add or replace
    absl::Time last_commit = absl::InfinitePast();  // never, if so
  };
  Backlog backlog() const;
  const TextIndex& index() const { return *index_; }

 private:
  void Run();
  // Waits for changes to index, then takes a batch of them; empty when
  // stopping.
  std::vector<Change> TakeBatch();
  absl::Status Apply(const Change& c);

  const std::unique_ptr<TextIndex> index_;
  const absl::Duration max_deferral_;
  mutable absl::Mutex mu_;
  std::deque<Change> queue_ ABSL_GUARDED_BY(mu_);
  std::deque<absl::Time> queued_at_ ABSL_GUARDED_BY(mu_);  // per change
  int foreground_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t enqueued_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t applied_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t pending_databases_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_commit_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_SEARCH_INDEXER_H_

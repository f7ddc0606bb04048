// The hub's full-text index of databases, kept by Xapian on disk: the
// search text of each database as n-gram terms with positions
// (hub/index/text_terms.h), and its filters as boolean terms (agency,
// data categories, specific purposes, opt-out, legal grounds, recipients,
// withdrawn). A search is answered from the index alone: which databases
// match, ranked by BM25 or in (agency, database) order, one page of them
// and the exact number of matches. The entries themselves are not held
// here in a form the hub uses (it keeps them itself), but each document
// carries its entry's bytes so that a read-only copy of the index (a
// replica kept by xapian-replicate, OpenReplica) can answer searches alone.
//
// Changes are staged by Put/Remove and become visible to searches at
// Commit(). Search may be called from any number of threads at once, each
// on a reader of its own; the changing calls from one thread at a time.
// A replica has no writer: only the reading calls are allowed on it.
#ifndef DISCLOSURE_HUB_INDEX_TEXT_INDEX_H_
#define DISCLOSURE_HUB_INDEX_TEXT_INDEX_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "disclosure/v1/entry.pb.h"

namespace Xapian {
class Database;
class WritableDatabase;
}  // namespace Xapian

namespace disclosure::hub {

class TextIndex {
 public:
  enum class Order { kRelevance, kAgency };
  struct Query {
    // Every word must match, as written or as one of its alternatives
    // (synonyms); each inner list is one word's spellings, the word first.
    std::vector<std::vector<std::string>> words;
    std::string agency_id;
    std::string data_category;
    std::string specific_purpose;
    int legal_ground = 0;   // 0: any
    std::string recipient;  // matched as words are, within recipient names
    std::optional<bool> opt_out_available;
    bool include_withdrawn = false;
    Order order = Order::kRelevance;
    uint64_t offset = 0;
    uint32_t limit = 20;
    // Matches are counted exactly up to this many; beyond, the total is
    // this number and a lower bound (Page::total_is_lower_bound).
    uint64_t exact_total_up_to = 10000;
    // Whether each hit carries its entry's bytes (Hit::entry): a replica
    // needs them; the hub holds its own copy and leaves them unread.
    bool with_entries = false;
  };
  struct Hit {
    std::string agency_id;
    std::string database_id;
    // The serialized DatabaseEntry as it was indexed (with_entries only).
    std::string entry;
  };
  struct Page {
    std::vector<Hit> hits;
    // Exact, or Query::exact_total_up_to when there are more matches.
    int64_t total = 0;
    bool total_is_lower_bound = false;
    // Whether matches follow this page.
    bool more = false;
  };

  // The index in `dir` (created if missing). With `dir` empty, a private
  // temporary directory that is deleted with the index.
  static absl::StatusOr<std::unique_ptr<TextIndex>> Open(
      const std::string& dir);
  // A read-only index in `dir`, written by another process: a replica that
  // xapian-replicate keeps current. Every search reads its latest revision.
  // The folder need not exist yet: until it holds an index, searches fail
  // with UNAVAILABLE naming it.
  static std::unique_ptr<TextIndex> OpenReplica(const std::string& dir);
  ~TextIndex();
  TextIndex(const TextIndex&) = delete;
  TextIndex& operator=(const TextIndex&) = delete;

  // Adds or replaces `agency_id`'s database `e`.
  absl::Status Put(const std::string& agency_id,
                   const disclosure::v1::DatabaseEntry& e);
  // Adds a database not in the index (its agency was just removed); no
  // look-up of an old version, so faster than Put.
  absl::Status Add(const std::string& agency_id,
                   const disclosure::v1::DatabaseEntry& e);
  absl::Status Remove(const std::string& agency_id,
                      const std::string& database_id);
  absl::Status RemoveAgency(const std::string& agency_id);
  // Makes the staged changes visible to searches, atomically. Searches go
  // on while it writes; it waits only for searches still reading the
  // revision before the last, whose blocks it reuses.
  absl::Status Commit();
  // Staged like a change: a named value kept with the index (and copied to
  // its replicas), e.g. the synonym table searches expand words with.
  void SetMetadata(const std::string& key, const std::string& value);
  // The value of `key` as searches see it (the last commit), from any
  // thread; "" if unset, an error if the index cannot be read.
  absl::StatusOr<std::string> CommittedMetadata(const std::string& key) const;
  // Which snapshot of an agency the index holds, committed with the
  // changes, so that a restart can tell whether the index on disk is
  // current; "" if unknown.
  void SetAgencyVersion(const std::string& agency_id,
                        const std::string& version);
  std::string AgencyVersion(const std::string& agency_id) const;
  // The same as searches see it (the last commit), from any thread; ""
  // if unknown or unreadable. AgencyVersion() reads the writer, and only
  // the thread that makes changes may call it.
  std::string CommittedAgencyVersion(const std::string& agency_id) const;
  // Every agency with a database in the last commit, from any thread.
  absl::StatusOr<std::vector<std::string>> CommittedAgencies() const;

  absl::StatusOr<Page> Search(const Query& q) const;

 private:
  TextIndex(std::string dir, bool temporary,
            std::unique_ptr<Xapian::WritableDatabase> db);
  // A reader of the index, used by one search at a time.
  struct Reader;
  // A reader whose database is the current revision, opened afresh when
  // the replica's stub names another copy. May throw Xapian::Error.
  void RefreshReplicaReader(Reader* r) const;
  // An idle reader brought to commit `revision` (BeginRead) or a later
  // one, or a new one; may throw Xapian::Error.
  std::unique_ptr<Reader> AcquireReader(uint64_t revision) const;
  // Returns a reader for the next search (dropped if enough are idle).
  void ReleaseReader(std::unique_ptr<Reader> r) const;
  // Runs `read` on a pooled reader at the last commit. A Xapian error is
  // returned as a status naming `doing`.
  absl::Status ReadCommitted(const std::function<void(Xapian::Database&)>& read,
                             const char* doing) const;
  // Registers a search reading `revision` / ends it.
  uint64_t BeginRead() const;
  void EndRead(uint64_t revision) const;

  const std::string dir_;
  const bool temporary_;
  // Null in a replica.
  std::unique_ptr<Xapian::WritableDatabase> db_;
  // Searches never wait for a commit. Xapian overwrites the blocks of the
  // revision before last when it commits, so a search still reading that
  // revision would fail with DatabaseModifiedError: a commit waits for
  // those searches only (rare: commits are batches, seconds apart). Each
  // search registers the revision it reads in `reading_`. Changes between
  // commits stay in the writer's memory (batches stay under Xapian's
  // automatic flush of 10,000 documents; see SearchIndexer).
  mutable absl::Mutex commits_mu_;
  // Commits so far: a reader opened before the last one is reopened.
  uint64_t commits_ ABSL_GUARDED_BY(commits_mu_) = 0;
  // Revision -> searches reading it now.
  mutable std::map<uint64_t, int> reading_ ABSL_GUARDED_BY(commits_mu_);
  // Idle readers, each its own Xapian::Database (Xapian objects are not
  // thread-safe; separate ones may be used from separate threads).
  mutable absl::Mutex pool_mu_;
  mutable std::vector<std::unique_ptr<Reader>> idle_ ABSL_GUARDED_BY(pool_mu_);
};

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_INDEX_TEXT_INDEX_H_

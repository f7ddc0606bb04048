#include "hub/index/text_index.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "format/status_macros.h"
#include "hub/index/text_schema.h"
#include "xapian.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
using text_schema::BuildDocument;
using text_schema::BuildQuery;
using text_schema::IdTerm;
using text_schema::kAgencyPrefix;
using text_schema::kSortSlot;
using text_schema::ParseHit;

// Metadata: the index's own format (an index in another format is rebuilt)
// and each agency's indexed snapshot.
constexpr char kFormatKey[] = "format";
// Format 3: each document's data carries its entry's bytes (for
// replicas); Chinese text has trigrams (text_terms.h).
constexpr char kFormat[] = "disclosure-search-3";
const std::string kAgencyVersionKey = "agency-version/";

absl::Status XapianError(const Xapian::Error& e, const std::string& doing) {
  return absl::InternalError(absl::StrCat(
      "search index: ", doing, ": ", e.get_description(),
      " (the index can be rebuilt: stop the hub, delete its index folder and "
      "start it again)"));
}

// Runs `f`, turning a Xapian exception into a status naming what was being
// done (`doing` is only called on failure).
template <typename F, typename D>
absl::Status Guarded(F f, D doing) {
  try {
    f();
    return absl::OkStatus();
  } catch (const Xapian::Error& e) {
    return XapianError(e, doing());
  }
}

// Deletes the files of a Xapian (glass) index in `dir`, and nothing else: a
// folder holding other files is refused rather than emptied, in case the
// configuration points at the wrong place.
absl::Status RemoveIndexFiles(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = f.path().filename().string();
    const std::string ext = f.path().extension().string();
    const bool ours = name == "iamglass" || name == "flintlock" ||
                      ext == ".glass" || ext == ".tmp" ||
                      name.rfind("changes", 0) == 0;
    if (!ours || !f.is_regular_file()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "search index folder ", dir, " holds ", name,
          ", which is not part of a search index: point the hub at an empty "
          "or index-only folder"));
    }
    files.push_back(f.path());
  }
  for (const auto& f : files) std::filesystem::remove(f, ec);
  return absl::OkStatus();
}

}  // namespace

TextIndex::TextIndex(std::string dir, bool temporary,
                     std::unique_ptr<Xapian::WritableDatabase> db)
    : dir_(std::move(dir)), temporary_(temporary), db_(std::move(db)) {}

TextIndex::~TextIndex() {
  {
    absl::MutexLock lock(&pool_mu_);
    idle_.clear();
  }
  db_.reset();
  if (temporary_) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

absl::StatusOr<std::unique_ptr<TextIndex>> TextIndex::Open(
    const std::string& dir) {
  std::string path = dir;
  const bool temporary = dir.empty();
  if (temporary) {
    std::error_code ec;
    std::string pattern =
        (std::filesystem::temp_directory_path(ec) / "disclosure-search-XXXXXX")
            .string();
    if (ec || mkdtemp(pattern.data()) == nullptr) {
      return absl::UnavailableError(
          "search index: cannot create a temporary folder (is TMPDIR "
          "writable?)");
    }
    path = pattern;
  } else {
    std::error_code ec;
    const bool unfinished = std::filesystem::exists(dir, ec) &&
                            !std::filesystem::is_empty(dir, ec) &&
                            !std::filesystem::exists(dir + "/iamglass", ec);
    // An index whose creation was cut off (the hub killed while creating
    // it) holds index files but not yet "iamglass": remove them and start
    // over. Any other file means the folder is not the index's: refused.
    if (unfinished) {
      DN_RETURN_IF_ERROR(RemoveIndexFiles(dir));
    }
  }
  try {
    // No fsync: the index is derived from the hub store and is rebuilt
    // from it whenever it is missing, damaged or behind.
    const int flags = Xapian::DB_CREATE_OR_OPEN | Xapian::DB_NO_SYNC |
                      Xapian::DB_BACKEND_GLASS;
    auto db = std::make_unique<Xapian::WritableDatabase>(path, flags);
    if (db->get_metadata(kFormatKey) != kFormat) {
      // Empty, or written by another version of this program: start over
      // (every agency is then indexed again from the store).
      db.reset();
      DN_RETURN_IF_ERROR(RemoveIndexFiles(path));
      db = std::make_unique<Xapian::WritableDatabase>(path, flags);
      db->set_metadata(kFormatKey, kFormat);
      db->commit();
    }
    return std::unique_ptr<TextIndex>(
        new TextIndex(path, temporary, std::move(db)));
  } catch (const Xapian::Error& e) {
    if (temporary) {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
    return XapianError(e, absl::StrCat("opening ", path));
  }
}

absl::Status TextIndex::Put(const std::string& agency_id,
                            const v1::DatabaseEntry& e) {
  return Guarded(
      [&] {
        db_->replace_document(IdTerm(agency_id, e.database_id()),
                              BuildDocument(agency_id, e));
      },
      [&] {
        return absl::StrCat("indexing ", agency_id, "/", e.database_id());
      });
}

absl::Status TextIndex::Add(const std::string& agency_id,
                            const v1::DatabaseEntry& e) {
  return Guarded([&] { db_->add_document(BuildDocument(agency_id, e)); },
                 [&] {
                   return absl::StrCat("indexing ", agency_id, "/",
                                       e.database_id());
                 });
}

absl::Status TextIndex::Remove(const std::string& agency_id,
                               const std::string& database_id) {
  return Guarded(
      [&] { db_->delete_document(IdTerm(agency_id, database_id)); },
      [&] { return absl::StrCat("removing ", agency_id, "/", database_id); });
}

absl::Status TextIndex::RemoveAgency(const std::string& agency_id) {
  return Guarded([&] { db_->delete_document(kAgencyPrefix + agency_id); },
                 [&] { return absl::StrCat("removing agency ", agency_id); });
}

absl::Status TextIndex::Commit() {
  {
    absl::MutexLock lock(&commits_mu_);
    // This commit overwrites the blocks of revision commits_ - 1: wait for
    // the searches still reading it or an older one. A search that begins
    // from now on reads commits_ or later and does not hold commits up.
    const uint64_t current = commits_;
    auto no_older_reader =
        [this, current]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(commits_mu_) {
          return reading_.empty() || reading_.begin()->first >= current;
        };
    commits_mu_.Await(absl::Condition(&no_older_reader));
  }
  // Searches go on while Xapian writes.
  absl::Status s = Guarded([&] { db_->commit(); }, [] { return "committing"; });
  absl::MutexLock lock(&commits_mu_);
  ++commits_;
  return s;
}

void TextIndex::SetMetadata(const std::string& key, const std::string& value) {
  try {
    db_->set_metadata(key, value);
  } catch (const Xapian::Error&) {
    // Not fatal: the next start sets it again (the agency versions: the
    // agency is indexed again; the synonyms: set at every start).
  }
}

void TextIndex::SetAgencyVersion(const std::string& agency_id,
                                 const std::string& version) {
  SetMetadata(kAgencyVersionKey + agency_id, version);
}

std::string TextIndex::AgencyVersion(const std::string& agency_id) const {
  try {
    return db_->get_metadata(kAgencyVersionKey + agency_id);
  } catch (const Xapian::Error&) {
    return "";
  }
}

struct TextIndex::Reader {
  Xapian::Database db;
  uint64_t commits = 0;  // commits_ when it was opened or reopened
  // A replica's reader: whether `db` is open, and the stub it was opened
  // by (xapian-replicate points the stub at a new copy after a full copy).
  bool opened = false;
  std::string stub;
};

std::unique_ptr<TextIndex> TextIndex::OpenReplica(const std::string& dir) {
  return std::unique_ptr<TextIndex>(new TextIndex(dir, false, nullptr));
}

void TextIndex::RefreshReplicaReader(Reader* r) const {
  // The stub file is tiny; "" when the folder is a plain index.
  absl::StatusOr<std::string> stub = ReadFile(dir_ + "/XAPIANDB", 4096);
  const std::string current = stub.ok() ? *stub : "";
  if (r->opened && r->stub == current) {
    r->db.reopen();
    return;
  }
  Xapian::Database db(dir_);
  const std::string format = db.get_metadata(kFormatKey);
  if (format != kFormat) {
    throw Xapian::DatabaseVersionError(
        absl::StrCat("the replica holds a search index of format \"", format,
                     "\", this program reads \"", kFormat,
                     "\": run the same release as the hub"));
  }
  r->db = std::move(db);
  r->stub = current;
  r->opened = true;
}

uint64_t TextIndex::BeginRead() const {
  absl::MutexLock lock(&commits_mu_);
  ++reading_[commits_];
  return commits_;
}

void TextIndex::EndRead(uint64_t revision) const {
  absl::MutexLock lock(&commits_mu_);
  auto it = reading_.find(revision);
  if (it != reading_.end() && --it->second == 0) reading_.erase(it);
}

std::unique_ptr<TextIndex::Reader> TextIndex::AcquireReader(
    uint64_t revision) const {
  std::unique_ptr<Reader> r;
  {
    absl::MutexLock lock(&pool_mu_);
    if (!idle_.empty()) {
      r = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (db_ == nullptr) {
    if (r == nullptr) r = std::make_unique<Reader>();
    RefreshReplicaReader(r.get());
  } else if (r == nullptr) {
    r = std::make_unique<Reader>();
    r->db = Xapian::Database(dir_);
  } else if (r->commits != revision) {
    // At least `revision`: a commit ending meanwhile may give a later one.
    r->db.reopen();
  }
  r->commits = revision;
  return r;
}

void TextIndex::ReleaseReader(std::unique_ptr<Reader> r) const {
  // Enough for the searches gRPC runs at once (the benchmark's 32
  // clients), so that readers are not opened afresh under load; each
  // holds a few open files and small block caches.
  constexpr size_t kMaxIdle = 64;
  absl::MutexLock lock(&pool_mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(r));
}

absl::Status TextIndex::ReadCommitted(
    const std::function<void(Xapian::Database&)>& read,
    const char* doing) const {
  // A replica changes under its readers (xapian-replicate applies
  // changesets in place): a read that meets a newer revision is redone.
  // The hub's own index should not meet one (commits wait for searches of
  // the revision they overwrite); if it does, it is redone the same way.
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    // Registered until this attempt ends, however it ends.
    struct Reading {
      const TextIndex* index;
      uint64_t revision;
      ~Reading() { index->EndRead(revision); }
    } reading{this, BeginRead()};
    try {
      std::unique_ptr<Reader> r = AcquireReader(reading.revision);
      // Whatever `read` made from the reader (an enquire, a match set, its
      // documents) is gone when it returns, before the reader is pooled.
      read(r->db);
      ReleaseReader(std::move(r));
      return absl::OkStatus();
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == kAttempts) return XapianError(e, doing);
    } catch (const Xapian::DatabaseVersionError& e) {
      if (db_ != nullptr) return XapianError(e, doing);
      return absl::FailedPreconditionError(
          absl::StrCat("search replica ", dir_, ": ", e.get_msg()));
    } catch (const Xapian::DatabaseOpeningError& e) {
      if (db_ != nullptr) return XapianError(e, doing);
      return absl::UnavailableError(absl::StrCat(
          "search replica: no search index at ", dir_, " yet (", e.get_msg(),
          "): is xapian-replicate copying the hub's index there? "
          "(docs/operations.md, \"Search replicas\")"));
    } catch (const Xapian::Error& e) {
      return XapianError(e, doing);  // the reader is dropped, not pooled
    }
  }
}

absl::StatusOr<std::string> TextIndex::CommittedMetadata(
    const std::string& key) const {
  std::string value;
  DN_RETURN_IF_ERROR(
      ReadCommitted([&](Xapian::Database& db) { value = db.get_metadata(key); },
                    "reading the index's metadata"));
  return value;
}

std::string TextIndex::CommittedAgencyVersion(
    const std::string& agency_id) const {
  return CommittedMetadata(kAgencyVersionKey + agency_id).value_or("");
}

absl::StatusOr<std::vector<std::string>> TextIndex::CommittedAgencies() const {
  std::vector<std::string> out;
  absl::Status s = ReadCommitted(
      [&](Xapian::Database& db) {
        const std::string prefix = kAgencyPrefix;
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix);
             ++t) {
          out.push_back((*t).substr(prefix.size()));
        }
      },
      "listing agencies");
  DN_RETURN_IF_ERROR(s);
  return out;
}

absl::StatusOr<TextIndex::Page> TextIndex::Search(const Query& q) const {
  const Xapian::Query query = BuildQuery(q);
  Page page;
  absl::Status s = ReadCommitted(
      [&](Xapian::Database& db) {
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        if (q.order == Order::kAgency) {
          // The order ignores scores, so none are computed: the same page
          // and total for about a quarter less work (bench/search_bench,
          // agency order).
          enquire.set_weighting_scheme(Xapian::BoolWeight());
          enquire.set_sort_by_value(kSortSlot, false);
        } else {
          // Equal scores keep the (agency, database) order.
          enquire.set_sort_by_relevance_then_value(kSortSlot, false);
        }
        // Counting stops one past the exact limit (and past the page, to
        // know whether another follows): the exact total of a common word
        // would walk every one of its matches.
        const uint64_t check =
            std::max<uint64_t>(q.exact_total_up_to, q.offset + q.limit) + 1;
        const Xapian::MSet mset =
            enquire.get_mset(static_cast<Xapian::doccount>(q.offset), q.limit,
                             static_cast<Xapian::doccount>(
                                 std::min<uint64_t>(check, db.get_doccount())));
        const uint64_t lower = mset.get_matches_lower_bound();
        const bool exact = lower == mset.get_matches_upper_bound();
        page.total_is_lower_bound = !exact;
        page.total = static_cast<int64_t>(
            exact ? lower : std::min<uint64_t>(lower, q.exact_total_up_to));
        page.more = lower > q.offset + q.limit;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          // The ids are in the sort value too: the document's data (its
          // entry, a few KB) is read only when asked for.
          const Xapian::Document doc = it.get_document();
          page.hits.push_back(ParseHit(
              q.with_entries ? doc.get_data() : doc.get_value(kSortSlot)));
        }
      },
      "searching");
  DN_RETURN_IF_ERROR(s);
  return page;
}

}  // namespace disclosure::hub

#include "hub/participation/consultation_book.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/host_port.h"
#include "core/periods.h"
#include "format/entry_key.h"
#include "format/participation.h"
#include "format/status_macros.h"
#include "format/utf8.h"
#include "format/withholding.h"
#include "storage/rocksdb_util.h"

namespace disclosure::hub {
namespace {

namespace v1h = disclosure::v1::hub;

constexpr char kPrefix[] = "participation/c/";

std::string Key(uint64_t n) { return absl::StrCat(kPrefix, SequenceKey(n)); }

absl::Status Bad(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, " ", why));
}

// Text a person reads on the site: UTF-8, at most `max_chars`, no control
// characters (newlines only where `multiline`) and no bidi controls.
absl::Status CheckText(absl::string_view field, const std::string& text,
                       size_t max_chars, bool multiline) {
  if (!IsValidUtf8(text)) return Bad(field, "is not valid UTF-8");
  if (Utf8CharCount(text) > max_chars)
    return Bad(field,
               absl::StrCat("is longer than ", max_chars, " characters"));
  if (FindControlChar(text, multiline ? "\n" : "") != absl::string_view::npos)
    return Bad(field, "holds a control character");
  if (FindBidiControl(text) != absl::string_view::npos)
    return Bad(field, "holds a bidirectional control character");
  return absl::OkStatus();
}

absl::Status CheckUrl(absl::string_view field, const std::string& url) {
  if (!HttpsUrlHost(url, kMaxRoundUrlBytes).has_value()) {
    return Bad(field,
               absl::StrCat("\"", url.substr(0, 80),
                            "\" is not an https:// URL (at most ",
                            kMaxRoundUrlBytes, " bytes, no spaces or quotes)"));
  }
  return absl::OkStatus();
}

bool OnHost(const std::string& host, const std::string& wanted) {
  return host == wanted || absl::EndsWith(host, absl::StrCat(".", wanted));
}

}  // namespace

uint64_t RoundNumber(const std::string& id) { return IdNumber(id, 'c'); }

int64_t RoundClosedAt(const v1h::ConsultationRound& r) {
  return r.closed_early_at() != 0 ? std::min(r.closed_early_at(), r.closes_at())
                                  : r.closes_at();
}

bool RoundIsOpen(const v1h::ConsultationRound& r, absl::Time now) {
  return absl::ToUnixSeconds(now) < RoundClosedAt(r);
}

bool RoundCovers(const v1h::ConsultationRound& r, const std::string& agency_id,
                 const std::string& concerns) {
  for (const v1h::ConsultationEntry& e : r.entries()) {
    if (e.agency_id() == agency_id && e.concerns() == concerns) return true;
  }
  return false;
}

absl::StatusOr<std::unique_ptr<ConsultationBook>> ConsultationBook::Open(
    HubStore* store, Limits limits) {
  std::unique_ptr<ConsultationBook> out(
      new ConsultationBook(store, std::move(limits)));
  std::unique_ptr<rocksdb::Iterator> it(store->db()->NewIterator(
      rocksdb::ReadOptions(), store->column_families()[0]));
  absl::MutexLock lock(&out->mu_);
  for (it->Seek(kPrefix); it->Valid() && it->key().starts_with(kPrefix);
       it->Next()) {
    v1h::ConsultationRound r;
    const uint64_t n = r.ParseFromArray(it->value().data(),
                                        static_cast<int>(it->value().size()))
                           ? RoundNumber(r.id())
                           : 0;
    if (n == 0) {
      return absl::DataLossError(
          absl::StrCat("stored consultation round ", it->key().ToString(true),
                       " is corrupt; restore the hub's store from a backup"));
    }
    out->rounds_[n] = std::move(r);
  }
  DN_RETURN_IF_ERROR(FromRocks(it->status(), "reading consultation rounds"));
  return out;
}

absl::Status ConsultationBook::CheckDraft(const v1h::ConsultationRound& d,
                                          absl::Time now) const {
  if (!d.id().empty() || d.opened_at() != 0 || d.closes_at() != 0 ||
      d.closed_early_at() != 0 || !d.opened_by().empty()) {
    return Bad("round", "sets id, times or opened_by, which the hub sets");
  }
  if (d.title_zh_tw().empty()) return Bad("title_zh_tw", "is required");
  DN_RETURN_IF_ERROR(
      CheckText("title_zh_tw", d.title_zh_tw(), kMaxRoundTitleChars, false));
  DN_RETURN_IF_ERROR(
      CheckText("title_en", d.title_en(), kMaxRoundTitleChars, false));
  DN_RETURN_IF_ERROR(CheckText("description_zh_tw", d.description_zh_tw(),
                               kMaxRoundDescriptionChars, true));
  DN_RETURN_IF_ERROR(CheckText("description_en", d.description_en(),
                               kMaxRoundDescriptionChars, true));
  if (d.documents_size() > static_cast<int>(kMaxRoundDocuments)) {
    return Bad("documents", absl::StrCat("are more than ", kMaxRoundDocuments));
  }
  for (const v1h::ConsultationDocument& doc : d.documents()) {
    if (doc.title().empty()) return Bad("documents.title", "is required");
    DN_RETURN_IF_ERROR(
        CheckText("documents.title", doc.title(), kMaxRoundTitleChars, false));
    DN_RETURN_IF_ERROR(CheckUrl("documents.url", doc.url()));
  }
  if (!d.platform_url().empty()) {
    DN_RETURN_IF_ERROR(CheckUrl("platform_url", d.platform_url()));
    if (!OnHost(*HttpsUrlHost(d.platform_url()), limits_.platform_host)) {
      return Bad("platform_url",
                 absl::StrCat("is not on the national participation platform (",
                              limits_.platform_host, ")"));
    }
  }
  const std::string today = TaipeiDate(now);
  if (!IsCalendarDate(d.closes_on()) || d.closes_on() < today ||
      d.closes_on() > TaipeiDate(now + absl::Hours(24 * kMaxRoundDaysAhead))) {
    return Bad("closes_on",
               absl::StrCat("\"", d.closes_on(),
                            "\" is not a date YYYY-MM-DD from today (", today,
                            ") to a year ahead"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1h::ConsultationRound> ConsultationBook::OpenRound(
    v1h::ConsultationRound draft, const std::string& opened_by, absl::Time now,
    const EntryHeld& held) {
  DN_RETURN_IF_ERROR(CheckDraft(draft, now));
  if (draft.entries_size() == 0 ||
      draft.entries_size() > static_cast<int>(kMaxRoundEntries)) {
    return Bad("entries",
               absl::StrCat("must name 1 to ", kMaxRoundEntries, " entries"));
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const v1h::ConsultationEntry& e : draft.entries()) {
    const std::string name = absl::StrCat(e.agency_id(), "/", e.concerns());
    if (!seen.insert({e.agency_id(), e.concerns()}).second)
      return Bad("entries", absl::StrCat("name ", name, " twice"));
    // The site's forms sit on database pages and the statistics page:
    // "agency" has no form to give an opinion in.
    if (IdProblem(e.agency_id()) != nullptr ||
        !IsConcernableKey(e.concerns()) || e.concerns() == kAgencyKey ||
        !held(e.agency_id(), e.concerns())) {
      return Bad("entries",
                 absl::StrCat("name ", name,
                              ", which no registered agency's latest snapshot "
                              "holds (agency/db/<id> or "
                              "agency/stats/<period>)"));
    }
  }
  absl::CivilDay day;
  absl::ParseCivilTime(draft.closes_on(), &day);
  draft.set_closes_at(
      absl::ToUnixSeconds(absl::FromCivil(day + 1, TaipeiTime())));
  draft.set_opened_at(absl::ToUnixSeconds(now));
  draft.set_opened_by(opened_by);
  absl::MutexLock lock(&mu_);
  const size_t open = OpenCountLocked(now);
  if (open >= limits_.max_open_rounds) {
    return absl::ResourceExhaustedError(
        absl::StrCat(open,
                     " rounds are open (participation.max_open_rounds); "
                     "close one first"));
  }
  const uint64_t n = rounds_.empty() ? 1 : rounds_.rbegin()->first + 1;
  draft.set_id(absl::StrCat("c", n));
  DN_RETURN_IF_ERROR(Write(draft));
  return draft;
}

absl::StatusOr<v1h::ConsultationRound> ConsultationBook::CloseRound(
    const std::string& id, absl::Time now) {
  absl::MutexLock lock(&mu_);
  auto it = rounds_.find(RoundNumber(id));
  if (it == rounds_.end())
    return absl::NotFoundError(absl::StrCat("no consultation round ", id));
  if (!RoundIsOpen(it->second, now)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "round ", id, " closed on ",
        TaipeiDate(absl::FromUnixSeconds(RoundClosedAt(it->second)))));
  }
  v1h::ConsultationRound r = it->second;
  r.set_closed_early_at(absl::ToUnixSeconds(now));
  DN_RETURN_IF_ERROR(Write(r));
  return r;
}

absl::Status ConsultationBook::Write(const v1h::ConsultationRound& r) {
  rocksdb::WriteOptions sync;
  sync.sync = true;
  const uint64_t n = RoundNumber(r.id());
  DN_RETURN_IF_ERROR(
      FromRocks(store_->db()->Put(sync, store_->column_families()[0], Key(n),
                                  r.SerializeAsString()),
                absl::StrCat("writing consultation round ", r.id())));
  rounds_[n] = r;
  ++generation_;
  return absl::OkStatus();
}

absl::StatusOr<v1h::ConsultationRound> ConsultationBook::Get(
    const std::string& id) const {
  absl::MutexLock lock(&mu_);
  auto it = rounds_.find(RoundNumber(id));
  if (it == rounds_.end())
    return absl::NotFoundError(absl::StrCat("no consultation round ", id));
  return it->second;
}

std::vector<v1h::ConsultationRound> ConsultationBook::List() const {
  absl::MutexLock lock(&mu_);
  std::vector<v1h::ConsultationRound> out;
  out.reserve(rounds_.size());
  for (const auto& [n, r] : rounds_) out.push_back(r);
  return out;
}

size_t ConsultationBook::OpenCount(absl::Time now) const {
  absl::MutexLock lock(&mu_);
  return OpenCountLocked(now);
}

size_t ConsultationBook::OpenCountLocked(absl::Time now) const {
  size_t open = 0;
  for (const auto& [n, r] : rounds_) open += RoundIsOpen(r, now);
  return open;
}

uint64_t ConsultationBook::Generation() const {
  absl::MutexLock lock(&mu_);
  return generation_;
}

}  // namespace disclosure::hub

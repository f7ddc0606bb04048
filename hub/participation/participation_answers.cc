// ParticipationDesk: matching the answers agencies sign to the submissions
// the hub took, and what the site shows of both.
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/logging.h"
#include "format/entry_key.h"
#include "format/participation.h"
#include "hub/participation/participation_desk.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

// Why `a` does not answer `s` ("" when it does).
std::string Mismatch(const v1h::Submission& s, const std::string& agency_id,
                     const v1::ParticipationAnswer& a) {
  if (s.agency_id() != agency_id) return "it concerns another agency";
  if (s.concerns() != a.concerns())
    return absl::StrCat("it names ", a.concerns(), ", the receipt ",
                        s.concerns());
  if (s.kind() != a.kind()) return "its kind differs from the receipt's";
  if (s.text_sha256() != a.text_sha256())
    return "its text-sha256 differs from the receipt's";
  if (s.consultation_id() != a.consultation_id())
    return "its consultation round differs from the receipt's";
  return "";
}

QuestionText QuestionShown(bool publish_allowed, const std::string& public_text,
                           const v1::ParticipationAnswer& a) {
  if (a.has_question_withheld()) return QuestionText::kWithheld;
  if (!publish_allowed) return QuestionText::kNotAllowed;
  if (a.question_text().empty()) return QuestionText::kNotQuoted;
  return a.question_text() == public_text ? QuestionText::kShown
                                          : QuestionText::kDiffers;
}

// Fills `v->rounds` (newest first) from `rounds` and the agencies' answers
// and open submissions already in `v`.
void AddRounds(const std::vector<v1h::ConsultationRound>& rounds,
               absl::Time now, const std::map<std::string, uint64_t>& opinions,
               ParticipationView* v) {
  std::map<std::string, size_t> index;
  for (auto r = rounds.rbegin(); r != rounds.rend(); ++r) {
    index[r->id()] = v->rounds.size();
    RoundView rv;
    rv.round = *r;
    rv.open = RoundIsOpen(*r, now);
    auto n = opinions.find(r->id());
    rv.counts.opinions = n == opinions.end() ? 0 : n->second;
    v->rounds.push_back(std::move(rv));
  }
  for (const auto& [agency_id, a] : v->agencies) {
    for (const ShownAnswer& s : a.answers) {
      auto i = index.find(s.ref.consultation_id);
      if (i == index.end()) continue;
      RoundView& rv = v->rounds[i->second];
      switch (s.answer.handling()) {
        case v1::OPINION_HANDLING_ADOPTED:
          ++rv.counts.adopted;
          break;
        case v1::OPINION_HANDLING_PARTLY_ADOPTED:
          ++rv.counts.partly_adopted;
          break;
        case v1::OPINION_HANDLING_NOT_ADOPTED:
          ++rv.counts.not_adopted;
          break;
        default:  // the format requires a handling for a round's opinion
          break;
      }
      rv.handled.emplace_back(agency_id, s);
    }
    for (const OpenSubmission& o : a.open) {
      auto i = index.find(o.ref.consultation_id);
      if (i == index.end()) continue;
      RoundView& rv = v->rounds[i->second];
      ++(o.overdue ? rv.counts.overdue : rv.counts.waiting);
      rv.waiting.emplace_back(agency_id, o);
    }
  }
  for (size_t i = 0; i < v->rounds.size(); ++i) {
    if (!v->rounds[i].open) continue;
    for (const auto& e : v->rounds[i].round.entries())
      v->open_rounds_by_entry[absl::StrCat(e.agency_id(), "/", e.concerns())]
          .push_back(i);
  }
}

}  // namespace

void ParticipationDesk::Reconcile(
    const std::vector<v1h::RegisteredAgency>& registry) {
  {
    // An agency removed from the registry takes no more submissions.
    std::set<std::string> registered;
    for (const auto& reg : registry) registered.insert(reg.agency_id());
    absl::MutexLock lock(&mu_);
    for (auto it = agencies_.begin(); it != agencies_.end();) {
      it = registered.count(it->first) ? std::next(it) : agencies_.erase(it);
    }
  }
  for (const auto& reg : registry) {
    auto state = store_->GetAgency(reg.agency_id());
    if (!state.ok() || !state->has_value() || !(*state)->has_snapshot())
      continue;
    const uint64_t seq = (*state)->latest_sequence();
    {
      absl::MutexLock lock(&mu_);
      auto it = agencies_.find(reg.agency_id());
      if (it != agencies_.end() && it->second.sequence == seq) continue;
    }
    auto record = store_->GetSnapshot(reg.agency_id(), seq);
    if (!record.ok()) {
      LogError("participation", absl::StrCat("agency ", reg.agency_id(), ": ",
                                             record.status().message()));
      continue;
    }
    AgencyEntries e;
    e.sequence = seq;
    for (int i = 0; i < record->keys_size(); ++i) {
      const std::string& key = record->keys(i);
      if (IsConcernableKey(key)) e.concernable.insert(key);
      if (!absl::StartsWith(key, "answers/")) continue;
      auto hash = HashFromBytes(record->leaf_hashes(i));
      auto bytes = hash.ok() ? store_->GetEntry(*hash)
                             : absl::StatusOr<std::string>(hash.status());
      v1::DisclosureEntry entry;
      if (bytes.ok() && entry.ParseFromString(*bytes) && entry.has_answer()) {
        e.answers[entry.answer().submission_id()].answer = entry.answer();
      }
    }
    MatchAnswers(reg.agency_id(), &e);
    absl::MutexLock lock(&mu_);
    agencies_[reg.agency_id()] = std::move(e);
  }
}

void ParticipationDesk::MatchAnswers(const std::string& agency_id,
                                     AgencyEntries* e) {
  const int64_t now = absl::ToUnixSeconds(clock_->Now());
  for (auto& [id, m] : e->answers) {
    absl::StatusOr<v1h::Submission> s = submissions_->Get(id);
    if (!s.ok()) continue;  // no such submission: unmatched
    const v1::ParticipationAnswer& answer = m.answer;
    const std::string why = Mismatch(*s, agency_id, answer);
    m.matched = why.empty();
    m.question = QuestionShown(s->publish_allowed(), s->public_text(), answer);
    const bool changed =
        why != s->answer_mismatch() ||
        (why.empty() && (s->answer_seen_at() == 0 ||
                         s->answered_on() != answer.answered_on()));
    if (!changed) continue;
    s->set_answer_mismatch(why);
    if (why.empty()) {
      if (s->answer_seen_at() == 0) s->set_answer_seen_at(now);
      s->set_answered_on(answer.answered_on());
    }
    if (absl::Status st = submissions_->Put(*s); !st.ok()) {
      LogError("participation", absl::StrCat("recording the answer to ", id,
                                             ": ", st.message()));
    } else if (!why.empty()) {
      LogLine("participation",
              absl::StrCat("agency ", agency_id, " answers ", id,
                           " but does not match its receipt: ", why));
    }
  }
}

ParticipationView ParticipationDesk::View(absl::Time now) const {
  ParticipationView v;
  v.enabled = true;
  v.form_action = settings_.form_action().empty() ? "/participation/submit"
                                                  : settings_.form_action();
  v.deadline_days = static_cast<uint32_t>(absl::ToInt64Hours(deadline_) / 24);
  v.receipt_vkey = vkey_;
  const int64_t t = absl::ToUnixSeconds(now);
  std::map<std::string, uint64_t> round_opinions;
  absl::MutexLock lock(&mu_);
  for (const SubmissionSummary& s :
       submissions_->List("", "", SIZE_MAX, /*open_only=*/false)) {
    AgencyParticipation& a = v.agencies[s.agency_id];
    ParticipationCounts one;
    one.received = 1;
    const int64_t due = DueAt(s);
    const SubmissionRef ref{s.id,          s.concerns, s.kind,
                            s.received_at, due,        s.consultation_id};
    if (!s.consultation_id.empty()) ++round_opinions[s.consultation_id];
    if (s.answer_seen_at != 0) {
      (s.answer_seen_at <= due ? one.answered_in_time : one.answered_late) = 1;
    } else {
      (t > due ? one.overdue : one.open) = 1;
      a.open.push_back({ref, t > due});
    }
    a.counts.Add(one);
    a.by_entry[s.concerns].Add(one);
    auto entries = agencies_.find(s.agency_id);
    if (s.answer_seen_at == 0 || entries == agencies_.end()) continue;
    auto m = entries->second.answers.find(s.id);
    if (m == entries->second.answers.end() || !m->second.matched) continue;
    a.answers.push_back({ref, s.answer_seen_at, s.answer_seen_at <= due,
                         m->second.answer, m->second.question});
  }
  for (const auto& [agency_id, e] : agencies_) {
    for (const auto& [id, m] : e.answers)
      v.agencies[agency_id].unmatched_answers += !m.matched;
  }
  AddRounds(rounds_->List(), now, round_opinions, &v);
  return v;
}

std::vector<RoundView> ParticipationDesk::Rounds() const {
  return View(clock_->Now()).rounds;
}

std::string ParticipationDesk::StateLine(absl::Time now) const {
  // Overdue counts and open rounds change as time passes; the generations
  // with every write.
  const int64_t cutoff =
      absl::ToUnixSeconds(now) - absl::ToInt64Seconds(deadline_);
  return absl::StrCat("participation ", submissions_->Generation(), " overdue ",
                      submissions_->OpenDueFromBefore(cutoff), " rounds ",
                      rounds_->Generation(), " open ", rounds_->OpenCount(now));
}

}  // namespace disclosure::hub

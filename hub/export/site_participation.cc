#include "hub/export/site_participation.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/periods.h"
#include "hub/export/site_withholding.h"
#include "hub/participation/consultation_book.h"

namespace disclosure::hub::site {
namespace {

namespace v1 = disclosure::v1;
using kainjow::mustache::data;

std::string Day(int64_t unix_seconds) {
  return TaipeiDate(absl::FromUnixSeconds(unix_seconds));
}

std::string KindWord(Lang l, v1::ParticipationKind k) {
  return EnumName(l, v1::ParticipationKind_Name(k));
}

// Why the question's text is not shown ("" when it is).
std::string QuestionNote(Lang l, const ShownAnswer& a,
                         const std::string& today) {
  switch (a.question) {
    case QuestionText::kShown:
      return "";
    case QuestionText::kNotAllowed:
      return Zh(l) ? "提問者未同意公開內容。"
                   : "The person did not allow their text to be published.";
    case QuestionText::kWithheld:
      return WithheldSentence(l, a.answer.question_withheld(), today);
    case QuestionText::kNotQuoted:
      return Zh(l) ? "機關未引用提問內容。"
                   : "The agency did not quote the text.";
    case QuestionText::kDiffers:
      return Zh(l) ? "機關引用的內容與平臺收到的不符，故不顯示。"
                   : "The text the agency quoted differs from what the hub "
                     "received, so it is not shown.";
  }
  return "";
}

}  // namespace

data AnswerData(Lang l, const ShownAnswer& a, const std::string& today) {
  data d;
  d.set("id", a.ref.submission_id);
  d.set("kind", KindWord(l, a.ref.kind));
  d.set("received", Day(a.ref.received_at));
  if (a.question == QuestionText::kShown)
    d.set("question", a.answer.question_text());
  const std::string note = QuestionNote(l, a, today);
  if (!note.empty()) d.set("question_note", note);
  if (a.answer.handling() != v1::OPINION_HANDLING_UNSPECIFIED) {
    d.set("handling",
          EnumName(l, v1::OpinionHandling_Name(a.answer.handling())));
  }
  if (!a.ref.consultation_id.empty()) d.set("round", a.ref.consultation_id);
  if (a.answer.has_answer_withheld()) {
    d.set("answer_withheld",
          WithheldSentence(l, a.answer.answer_withheld(), today));
  } else {
    d.set("answer", a.answer.answer_text());
  }
  const std::string timing =
      a.in_time ? (Zh(l) ? "於期限內回覆" : "answered within the deadline")
                : (Zh(l) ? "逾期才回覆" : "answered after the deadline");
  d.set("answered_line",
        Zh(l) ? absl::StrCat("機關簽署的回覆日期 ", a.answer.answered_on(),
                             "；平臺於 ", Day(a.seen_at), " 收到，", timing,
                             "（期限 ", Day(a.ref.due_at), "）。")
              : absl::StrCat("Dated ", a.answer.answered_on(),
                             " by the agency; the hub had it signed on ",
                             Day(a.seen_at), ", ", timing, " (due ",
                             Day(a.ref.due_at), ")."));
  return d;
}

data OpenData(Lang l, const OpenSubmission& o) {
  data d;
  d.set("id", o.ref.submission_id);
  d.set("kind", KindWord(l, o.ref.kind));
  d.set("line", Zh(l) ? absl::StrCat(Day(o.ref.received_at), " 收到，期限 ",
                                     Day(o.ref.due_at),
                                     o.overdue ? "，已逾期未回覆" : "，待回覆")
                      : absl::StrCat("received ", Day(o.ref.received_at),
                                     ", due ", Day(o.ref.due_at),
                                     o.overdue ? ", overdue" : ", waiting"));
  if (o.overdue) d.set("overdue", true);
  return d;
}

namespace {

// The rounds open on any of `concerns`: a notice each, and a choice on the
// form that gives the opinion in that round.
data OpenRounds(Lang l, const ParticipationView& view,
                const std::string& agency_id,
                const std::vector<std::string>& concerns) {
  std::set<size_t> open;
  for (const std::string& c : concerns) {
    auto it = view.open_rounds_by_entry.find(absl::StrCat(agency_id, "/", c));
    if (it != view.open_rounds_by_entry.end())
      open.insert(it->second.begin(), it->second.end());
  }
  data list(data::type::list);
  for (size_t i : open) {
    const RoundView& r = view.rounds[i];
    const std::string title = RoundTitle(l, r.round);
    data x;
    x.set("id", r.round.id());
    x.set("notice",
          Zh(l) ? absl::StrCat("本項目正在進行意見徵詢「", title, "」，至 ",
                               r.round.closes_on(), " 止。")
                : absl::StrCat("A consultation round on this entry is open: “",
                               title, "”, until ", r.round.closes_on(), "."));
    x.set("choice", Zh(l) ? absl::StrCat("對「", title, "」的意見")
                          : absl::StrCat("an opinion in “", title, "”"));
    list.push_back(x);
  }
  return list;
}

}  // namespace

std::string RoundTitle(Lang l,
                       const disclosure::v1::hub::ConsultationRound& r) {
  return Zh(l) || r.title_en().empty() ? r.title_zh_tw() : r.title_en();
}

std::string RoundStatusSentence(Lang l, const RoundView& r) {
  if (r.open) {
    return Zh(l) ? absl::StrCat("徵詢中，至 ", r.round.closes_on(), " 止。")
                 : absl::StrCat("Open until the end of ", r.round.closes_on(),
                                ".");
  }
  const std::string day = Day(RoundClosedAt(r.round));
  return Zh(l) ? absl::StrCat("已於 ", day,
                              " 結束；各機關須說明每則意見的處理情形。")
               : absl::StrCat("Closed on ", day,
                              "; each agency says how it handled every "
                              "opinion.");
}

std::string RoundCountsSentence(Lang l, const RoundCounts& c) {
  if (c.opinions == 0) return Zh(l) ? "尚未收到意見。" : "No opinions yet.";
  if (Zh(l)) {
    return absl::Substitute(
        "共收到 $0 則意見：採納 $1 則、部分採納 $2 則、不採納 $3 則，"
        "$4 則待機關說明，$5 則已逾期未說明。",
        c.opinions, c.adopted, c.partly_adopted, c.not_adopted, c.waiting,
        c.overdue);
  }
  return absl::Substitute(
      "$0 opinions received: $1 adopted, $2 partly adopted, $3 not adopted, "
      "$4 waiting for the agency, $5 overdue.",
      c.opinions, c.adopted, c.partly_adopted, c.not_adopted, c.waiting,
      c.overdue);
}

std::string ParticipationCountsSentence(Lang l, const ParticipationCounts& c,
                                        uint32_t deadline_days) {
  if (c.received == 0) {
    return Zh(l) ? "尚未收到提問或意見。" : "No questions or opinions yet.";
  }
  if (Zh(l)) {
    return absl::Substitute(
        "共收到 $0 則提問與意見：$1 則於期限（$2 天）內回覆，$3 則逾期才回覆，"
        "$4 則待回覆，$5 則已逾期未回覆。",
        c.received, c.answered_in_time, deadline_days, c.answered_late, c.open,
        c.overdue);
  }
  return absl::Substitute(
      "$0 questions and opinions received: $1 answered within the deadline "
      "($2 days), $3 answered late, $4 waiting, $5 overdue.",
      c.received, c.answered_in_time, deadline_days, c.answered_late, c.open,
      c.overdue);
}

data ParticipationSection(Lang l, const ParticipationView* view,
                          const std::string& agency_id,
                          const std::vector<std::string>& concerns,
                          const std::string& form_id,
                          const std::string& today) {
  if (view == nullptr || !view->enabled || concerns.empty())
    return data(data::type::bool_false);
  auto in = [&](const std::string& key) {
    return std::find(concerns.begin(), concerns.end(), key) != concerns.end();
  };
  ParticipationCounts counts;
  data answers(data::type::list), open(data::type::list);
  auto it = view->agencies.find(agency_id);
  if (it != view->agencies.end()) {
    for (const auto& [key, c] : it->second.by_entry)
      if (in(key)) counts.Add(c);
    for (const ShownAnswer& a : it->second.answers)
      if (in(a.ref.concerns)) answers.push_back(AnswerData(l, a, today));
    for (const OpenSubmission& o : it->second.open)
      if (in(o.ref.concerns)) open.push_back(OpenData(l, o));
  }
  data d;
  d.set("counts", ParticipationCountsSentence(l, counts, view->deadline_days));
  d.set("rounds", OpenRounds(l, *view, agency_id, concerns));
  d.set("answers", answers);
  d.set("open", open);
  d.set("has_open", !open.is_empty_list());
  d.set("action", view->form_action);
  d.set("agency", agency_id);
  d.set("form_id", form_id);
  if (concerns.size() == 1) {
    d.set("concerns", concerns[0]);
  } else {
    data options(data::type::list);
    for (const std::string& c : concerns) {
      data o;
      o.set("value", c);
      o.set("label", c.rfind("stats/", 0) == 0 ? c.substr(6) : c);
      options.push_back(o);
    }
    d.set("concerns_options", options);
    d.set("has_options", true);
  }
  return d;
}

}  // namespace disclosure::hub::site

#include "hub/participation/participation_desk.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/key_file.h"
#include "core/logging.h"
#include "core/periods.h"
#include "format/encoding.h"
#include "format/participation.h"
#include "format/sha256.h"
#include "format/status_macros.h"
#include "format/utf8.h"
#include "hub/participation/masking.h"
#include "metrics/metrics.h"

namespace disclosure::hub {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

constexpr uint32_t kDefaultDeadlineDays = 30;
constexpr uint32_t kDefaultMaxTextChars = 4000;
constexpr uint32_t kDefaultMaxOpen = 100000;
constexpr size_t kMaxContactBytes = 254;

template <typename T>
T OrDefault(T v, T d) {
  return v == 0 ? d : v;
}

// Whether `s` holds a control character other than newline and tab.
bool HasControl(absl::string_view s) {
  return FindControlChar(s, "\n\t") != absl::string_view::npos;
}

// An e-mail address as a person types one: an '@', no spaces, quotes or
// angle brackets, within the length an address may have.
bool IsContactAddress(const std::string& c) {
  return c.size() <= kMaxContactBytes && c.find('@') != std::string::npos &&
         IsValidUtf8(c) && !HasControl(c) &&
         c.find_first_of(" \t\n<>\"") == std::string::npos;
}

void Count(const char* result) {
  CountEvent("disclosure_hub_participation_submissions_total",
             "Submissions to the participation intake, by result",
             {{"result", result}});
}

}  // namespace

absl::StatusOr<std::unique_ptr<ParticipationDesk>> ParticipationDesk::Create(
    const v1h::HubConfig& config, HubStore* store, const Clock* clock) {
  std::unique_ptr<ParticipationDesk> d(new ParticipationDesk());
  d->config_ = config;
  d->settings_ = config.participation();
  d->store_ = store;
  d->clock_ = clock;
  const std::string& file = d->settings_.receipt_signing_key_file();
  if (file.empty()) {
    return absl::InvalidArgumentError(
        "participation.receipt_signing_key_file is required (disclosurectl "
        "keygen --name <trust_domain>/hub/participation)");
  }
  DN_ASSIGN_OR_RETURN(auto key, ReadPrivateKeyFile(file));
  if (key.type != SignatureType::kEd25519) {
    return absl::InvalidArgumentError(
        absl::StrCat(file,
                     " is not a note-signing key (disclosurectl keygen without "
                     "--type)"));
  }
  // One key, one purpose: a receipt must never pass for a cosignature or
  // an export listing, nor the other way round.
  for (const std::string& other :
       {config.cosigning_key_file(), config.export_signing_key_file()}) {
    auto k = other.empty()
                 ? absl::StatusOr<NamedSigningKey>(absl::NotFoundError(""))
                 : ReadPrivateKeyFile(other);
    if (k.ok() && k->key->public_key() == key.key->public_key()) {
      return absl::InvalidArgumentError(absl::StrCat(
          file, " is also ", other,
          "; receipts need a key of their own (disclosurectl keygen --name ",
          config.trust_domain(), "/hub/participation)"));
    }
  }
  DN_ASSIGN_OR_RETURN(d->signer_, Ed25519NoteSigner::Create(key.name, key.key));
  d->vkey_ = key.vkey();
  d->deadline_ = absl::Hours(24 * OrDefault(d->settings_.answer_deadline_days(),
                                            kDefaultDeadlineDays));
  DN_ASSIGN_OR_RETURN(d->submissions_, SubmissionStore::Open(store));
  ConsultationBook::Limits limits;
  if (!d->settings_.platform_host().empty())
    limits.platform_host = d->settings_.platform_host();
  limits.max_open_rounds =
      OrDefault(d->settings_.max_open_rounds(), limits.max_open_rounds);
  DN_ASSIGN_OR_RETURN(d->rounds_, ConsultationBook::Open(store, limits));
  AddressLimiter::Budget budget;
  budget.per_minute = OrDefault(d->settings_.per_address_per_minute(), 3u);
  budget.per_day = OrDefault(d->settings_.per_address_per_day(), 20u);
  d->limiter_ = std::make_unique<AddressLimiter>(budget);
  return d;
}

IntakeReply ParticipationDesk::Refuse(int status, std::string zh,
                                      std::string en) {
  IntakeReply r;
  r.http_status = status;
  r.problem_zh = std::move(zh);
  r.problem_en = std::move(en);
  return r;
}

bool ParticipationDesk::CheckForm(const IntakeForm& form, IntakeForm* out,
                                  IntakeReply* reply) {
  *out = form;
  out->text = absl::StrReplaceAll(form.text, {{"\r\n", "\n"}, {"\r", "\n"}});
  absl::StripAsciiWhitespace(&out->text);
  absl::StripAsciiWhitespace(&out->contact);
  const size_t max_chars =
      OrDefault(settings_.max_text_chars(), kDefaultMaxTextChars);
  if (form.kind != "question" && form.kind != "opinion" &&
      RoundNumber(form.kind) == 0) {
    *reply = Refuse(400, "請選擇「提問」或「意見」。",
                    "Choose whether this is a question or an opinion.");
  } else if (out->text.empty()) {
    *reply = Refuse(400, "內容是空的，請寫下您的問題或意見。",
                    "The text is empty: write your question or opinion.");
  } else if (!IsValidUtf8(out->text) || HasControl(out->text) ||
             FindBidiControl(out->text) != absl::string_view::npos) {
    *reply = Refuse(400, "內容含有無法處理的字元，請只用一般文字。",
                    "The text holds characters that cannot be taken; use "
                    "plain text.");
  } else if (Utf8CharCount(out->text) > max_chars) {
    *reply = Refuse(413, absl::StrCat("內容超過 ", max_chars, " 字，請縮短。"),
                    absl::StrCat("The text is longer than ", max_chars,
                                 " characters; shorten it."));
  } else if (!out->contact.empty() && !IsContactAddress(out->contact)) {
    *reply = Refuse(400, "聯絡電子郵件格式不正確（可留空）。",
                    "The contact e-mail address is not valid (it may be left "
                    "empty).");
  } else {
    return true;
  }
  return false;
}

IntakeReply ParticipationDesk::Submit(const IntakeForm& form,
                                      const std::string& address) {
  const absl::Time now = clock_->Now();
  if (address.empty()) {
    Count("refused");
    return Refuse(400, "無法辨識來源位址。", "The client address is unknown.");
  }
  const AddressLimiter::Verdict v = limiter_->Take(address, now);
  if (v != AddressLimiter::Verdict::kAllowed) {
    Count("rate_limited");
    IntakeReply r =
        Refuse(v == AddressLimiter::Verdict::kBusy ? 503 : 429,
               "此位址送出的次數已達上限，請稍後再試。",
               "Too many submissions from this address; try again later.");
    r.retry_after_seconds = AddressLimiter::RetryAfterSeconds(v, now);
    return r;
  }
  IntakeForm f;
  IntakeReply refused;
  if (!Holds(form.agency_id, form.concerns)) {
    limiter_->Refund(address);
    Count("refused");
    return Refuse(404, "找不到這個機關或項目，請從網站上的頁面提問。",
                  "No such agency or entry: ask from its page on the site.");
  }
  if (!CheckForm(form, &f, &refused)) {
    limiter_->Refund(address);
    Count("refused");
    return refused;
  }
  if (submissions_->OpenCount() >=
      OrDefault(settings_.max_open_submissions(), kDefaultMaxOpen)) {
    limiter_->Refund(address);
    Count("busy");
    IntakeReply r = Refuse(503, "目前待答的提問過多，請稍後再試。",
                           "Too many submissions wait for answers; try again "
                           "later.");
    r.retry_after_seconds = 3600;
    return r;
  }
  v1h::Submission s;
  s.set_received_at(absl::ToUnixSeconds(now));
  s.set_answer_due_from(s.received_at());
  if (RoundNumber(f.kind) != 0 && !EnterRound(f, now, &s, &refused)) {
    limiter_->Refund(address);
    Count("refused");
    return refused;
  }
  const MaskedText masked = MaskPersonalNumbers(f.text);
  s.set_id(submissions_->ReserveId());
  s.set_agency_id(f.agency_id);
  s.set_concerns(f.concerns);
  s.set_kind(f.kind == "question" ? v1::PARTICIPATION_KIND_QUESTION
                                  : v1::PARTICIPATION_KIND_OPINION);
  s.set_text(f.text);
  s.set_public_text(masked.text);
  s.set_masked_count(static_cast<uint32_t>(masked.count));
  s.set_contact(f.contact);
  s.set_publish_allowed(f.publish);
  s.set_text_sha256(HexEncode(AsBytes(Sha256::Of(f.text))));
  Receipt receipt{config_.trust_domain(), s.id(),          s.agency_id(),
                  s.concerns(),           s.kind(),        s.publish_allowed(),
                  s.text_sha256(),        s.received_at(), s.consultation_id()};
  absl::StatusOr<std::string> text = ReceiptText(receipt);
  absl::StatusOr<std::string> note =
      text.ok() ? SignNote(*text, {signer_.get()}) : text.status();
  if (note.ok()) s.set_receipt(*note);
  absl::Status stored = note.ok() ? submissions_->Put(s) : note.status();
  if (!stored.ok()) {
    LogError("participation",
             absl::StrCat("submission not stored: ", stored.message()));
    Count("failed");
    return Refuse(503, "暫時無法收件，請稍後再試；這次的內容沒有被收下。",
                  "The submission could not be stored and was not taken; "
                  "try again later.");
  }
  Count("accepted");
  IntakeReply r;
  r.submission_id = s.id();
  r.receipt = s.receipt();
  return r;
}

bool ParticipationDesk::EnterRound(const IntakeForm& form, absl::Time now,
                                   v1h::Submission* s, IntakeReply* reply) {
  absl::StatusOr<v1h::ConsultationRound> round = rounds_->Get(form.kind);
  if (!round.ok() || !RoundCovers(*round, form.agency_id, form.concerns)) {
    *reply = Refuse(
        404, "找不到這一輪意見徵詢，或它不包括這個項目；請從網站上的頁面送出。",
        "No such consultation round on this entry: give your "
        "opinion from its page on the site.");
    return false;
  }
  if (!RoundIsOpen(*round, now)) {
    const std::string day =
        TaipeiDate(absl::FromUnixSeconds(RoundClosedAt(*round)));
    *reply = Refuse(410,
                    absl::StrCat("這一輪意見徵詢已於 ", day,
                                 " 結束；您仍可以改選「意見」送出。"),
                    absl::StrCat("This consultation round closed on ", day,
                                 "; you can still send it as an opinion."));
    return false;
  }
  s->set_consultation_id(round->id());
  s->set_answer_due_from(std::max(s->received_at(), round->closes_at()));
  return true;
}

absl::StatusOr<v1h::ConsultationRound> ParticipationDesk::OpenRound(
    v1h::ConsultationRound draft, const std::string& opened_by) {
  return rounds_->OpenRound(
      std::move(draft), opened_by, clock_->Now(),
      [this](const std::string& agency_id, const std::string& concerns) {
        return Holds(agency_id, concerns);
      });
}

bool ParticipationDesk::Holds(const std::string& agency_id,
                              const std::string& concerns) const {
  absl::MutexLock lock(&mu_);
  auto it = agencies_.find(agency_id);
  return it != agencies_.end() && it->second.concernable.count(concerns) > 0;
}

int64_t ParticipationDesk::DueAt(const SubmissionSummary& s) const {
  return s.due_from + absl::ToInt64Seconds(deadline_);
}

}  // namespace disclosure::hub

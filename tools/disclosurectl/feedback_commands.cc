// disclosurectl feedback list | show | answer: an agency's IT and the
// questions and opinions the public left about its entries. list and show
// read the hub's participation queue; answer stores the agency's answer on
// its own node, which publishes it signed ("answers/<id>") with the next
// snapshot, where the hub reads it. All three use the agency's admin
// certificate.
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "core/periods.h"
#include "disclosure/v1/hub/participation_service.grpc.pb.h"
#include "format/participation.h"
#include "format/status_macros.h"
#include "tools/disclosurectl/admin_connection.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"
#include "tools/disclosurectl/import_common.h"
#include "transport/grpc_status.h"

namespace disclosure::cli {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
namespace v1n = disclosure::v1::node;

inline constexpr ConnectionNames kHubQueue{
    "--queue",
    N_("Participation queue address of the hub (host:port)"),
    "DISCLOSURE_HUB_QUEUE",
    "DISCLOSURE_ADMIN_CERT",
    "DISCLOSURE_ADMIN_KEY",
    N_("agency admin")};

constexpr size_t kMaxAnswerFileBytes = 64 * 1024;

struct FeedbackArgs {
  AdminConnection queue;
  AdminConnection node;
  std::string queue_address;
  std::string id;
  bool open_only = false;
  std::string text, text_file;
  bool no_quote = false;
  int withhold_item = 0;
  std::string deciding_unit, review_date;
  std::string handling;
  bool publish = false;
};

// The --handling words, in the order of OpinionHandling.
constexpr const char* kHandlingWords[] = {"", "adopted", "partly",
                                          "not-adopted"};

std::string KindLabel(v1::ParticipationKind k) {
  return k == v1::PARTICIPATION_KIND_OPINION ? _("opinion") : _("question");
}

std::string StateOf(const v1h::SubmissionSummary& s, int64_t now) {
  if (!s.answer_mismatch().empty())
    return absl::Substitute(_("answer does not match: $0"),
                            s.answer_mismatch());
  if (s.answer_seen_at() != 0)
    return absl::Substitute(_("answered (published $0)"),
                            When(s.answer_seen_at()));
  if (now > s.due_at())
    return absl::Substitute(_("OVERDUE since $0"), When(s.due_at()));
  return absl::Substitute(_("open, due $0"), When(s.due_at()));
}

void AddList(CLI::App* fb, std::shared_ptr<FeedbackArgs> a, int* exit_code) {
  CLI::App* cmd = fb->add_subcommand(
      "list", _("Questions and opinions about this agency's entries"));
  cmd->add_flag("--open", a->open_only, _("Only those not answered yet"));
  a->queue.AddOptions(cmd, kHubQueue);
  cmd->callback([a, exit_code] {
    *exit_code = CallService<v1h::ParticipationService>(
        "feedback list", a->queue, [&](auto& stub) {
          v1h::ListSubmissionsRequest req;
          req.set_open_only(a->open_only);
          v1h::ListSubmissionsResponse resp;
          DN_GRPC_RETURN_IF_ERROR(
              stub.ListSubmissions(a->queue.Context().get(), req, &resp));
          PrintReply(a->queue, resp, [](const auto& r) {
            const int64_t now = absl::ToUnixSeconds(absl::Now());
            std::cout << absl::Substitute(_("$0: $1 submission(s)"),
                                          r.agency_id(), r.submissions_size())
                      << "\n";
            for (const auto& one : r.submissions()) {
              std::cout << Label(one.id(), 8)
                        << Label(KindLabel(one.kind()), 10)
                        << Label(one.consultation_id(), 5)
                        << Label(one.concerns(), 32) << StateOf(one, now)
                        << "\n";
            }
            if (r.more()) std::cout << _("(more: the first 1000 shown)\n");
          });
          return grpc::Status::OK;
        });
  });
}

void PrintSubmission(const v1h::GetSubmissionResponse& r) {
  const v1h::Submission& s = r.submission();
  std::cout << absl::Substitute(_("$0 ($1) about $2, received $3, due $4"),
                                s.id(), KindLabel(s.kind()), s.concerns(),
                                When(s.received_at()), When(r.due_at()))
            << "\n";
  if (!s.consultation_id().empty()) {
    std::cout << absl::Substitute(
                     _("Given in consultation round $0: answer with "
                       "--handling adopted|partly|not-adopted and the "
                       "reason."),
                     s.consultation_id())
              << "\n";
  }
  std::cout << (s.publish_allowed()
                    ? _("The person allows the text to be published with the "
                        "answer.")
                    : _("The person does not allow the text to be "
                        "published."))
            << "\n";
  if (!s.contact().empty())
    std::cout << absl::Substitute(_("Contact (never published): $0"),
                                  s.contact())
              << "\n";
  std::cout << "\n" << s.text() << "\n";
  if (s.masked_count() > 0) {
    std::cout << "\n"
              << absl::Substitute(
                     _("As published ($0 number(s) or address(es) masked):"),
                     s.masked_count())
              << "\n"
              << s.public_text() << "\n";
  }
}

void AddShow(CLI::App* fb, std::shared_ptr<FeedbackArgs> a, int* exit_code) {
  CLI::App* cmd = fb->add_subcommand(
      "show", _("One question or opinion in full, with its contact"));
  cmd->add_option("id", a->id, _("Submission id, e.g. q17"))->required();
  a->queue.AddOptions(cmd, kHubQueue);
  cmd->callback([a, exit_code] {
    *exit_code = CallService<v1h::ParticipationService>(
        "feedback show", a->queue, [&](auto& stub) {
          v1h::GetSubmissionRequest req;
          req.set_id(a->id);
          v1h::GetSubmissionResponse resp;
          grpc::Status s =
              stub.GetSubmission(a->queue.Context().get(), req, &resp);
          if (s.ok()) PrintReply(a->queue, resp, PrintSubmission);
          return s;
        });
  });
}

// The answer entry for `s`, from the command's arguments.
absl::StatusOr<v1::ParticipationAnswer> BuildAnswer(const FeedbackArgs& a,
                                                    const v1h::Submission& s) {
  v1::ParticipationAnswer out;
  out.set_submission_id(s.id());
  out.set_concerns(s.concerns());
  out.set_kind(s.kind());
  out.set_text_sha256(s.text_sha256());
  out.set_answered_on(TaipeiDate(absl::Now()));
  std::string text = a.text;
  if (!a.text_file.empty()) {
    DN_ASSIGN_OR_RETURN(text, ReadFile(a.text_file, kMaxAnswerFileBytes));
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  out.set_answer_text(text);
  out.set_consultation_id(s.consultation_id());
  for (int h = 1; h < 4; ++h) {
    if (a.handling == kHandlingWords[h])
      out.set_handling(static_cast<v1::OpinionHandling>(h));
  }
  if (!s.consultation_id().empty() && a.handling.empty()) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("$0 was given in consultation round $1: say how it was handled "
          "with --handling adopted|partly|not-adopted, and give the reason "
          "as the answer"),
        s.id(), s.consultation_id()));
  }
  if (a.withhold_item != 0) {
    v1::Withholding* w = out.mutable_question_withheld();
    w->set_gia_article18_item(a.withhold_item);
    w->set_deciding_unit(a.deciding_unit);
    w->set_review_date(a.review_date);
  } else if (s.publish_allowed() && !a.no_quote) {
    // Quoted exactly as the hub masked it: the hub shows it only then.
    out.set_question_text(s.public_text());
  }
  return out;
}

int Answer(const FeedbackArgs& a) {
  v1h::GetSubmissionResponse got;
  int code = CallService<v1h::ParticipationService>(
      "feedback answer", a.queue, [&](auto& stub) {
        v1h::GetSubmissionRequest req;
        req.set_id(a.id);
        return stub.GetSubmission(a.queue.Context().get(), req, &got);
      });
  if (code != kExitOk) return code;
  absl::StatusOr<v1::ParticipationAnswer> answer =
      BuildAnswer(a, got.submission());
  if (!answer.ok()) {
    PrintError("feedback answer", answer.status().message());
    return kExitUsage;
  }
  return CallService<v1n::AdminService>(
      "feedback answer", a.node, [&](auto& stub) {
        v1n::UpsertAnswerRequest req;
        *req.mutable_answer() = *answer;
        v1n::WriteResponse resp;
        DN_GRPC_RETURN_IF_ERROR(
            stub.UpsertAnswer(a.node.Context().get(), req, &resp));
        if (!resp.applied()) {
          for (const auto& p : resp.problems())
            PrintError("feedback answer",
                       absl::StrCat(p.field(), ": ", ProblemReason(p)));
          return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                              _("the node refused the answer"));
        }
        std::cout << absl::Substitute(
                         _("answer to $0 stored on the node; it is published "
                           "with the next snapshot"),
                         a.id)
                  << "\n";
        if (!a.publish) return grpc::Status::OK;
        v1n::PublishResponse pub;
        grpc::Status s = stub.Publish(a.node.Context().get(), {}, &pub);
        if (s.ok())
          std::cout << absl::Substitute(_("published snapshot $0"),
                                        pub.snapshot().sequence())
                    << "\n";
        return s;
      });
}

void AddAnswer(CLI::App* fb, std::shared_ptr<FeedbackArgs> a, int* exit_code) {
  CLI::App* cmd = fb->add_subcommand(
      "answer",
      _("Answer a question or opinion: stored on the node and published "
        "signed with the next snapshot"));
  cmd->add_option("id", a->id, _("Submission id, e.g. q17"))->required();
  auto* text = cmd->add_option("--text", a->text, _("The answer"));
  cmd->add_option("--file", a->text_file, _("Read the answer from a file"))
      ->excludes(text);
  cmd->add_flag("--no-quote", a->no_quote,
                _("Do not publish the question's text with the answer"));
  auto* item = cmd->add_option(
      "--withhold-question", a->withhold_item,
      _("Withhold the question's text under item N (1-9) of 政府資訊公開法 "
        "§18(1)"));
  item->check(CLI::Range(1, 9));
  cmd->add_option("--deciding-unit", a->deciding_unit,
                  _("The unit that decided to withhold"))
      ->needs(item);
  cmd->add_option("--review-date", a->review_date,
                  _("When the withholding is reviewed (YYYY-MM-DD)"))
      ->needs(item);
  cmd->add_option("--handling", a->handling,
                  _("For an opinion: adopted, partly or not-adopted (the "
                    "answer gives the reason); required in a consultation "
                    "round"))
      ->check(CLI::IsMember({"adopted", "partly", "not-adopted"}));
  cmd->add_flag("--publish", a->publish,
                _("Publish a snapshot right after storing the answer"));
  cmd->add_option("--queue", a->queue_address,
                  _("Participation queue address of the hub (host:port)"))
      ->envname("DISCLOSURE_HUB_QUEUE")
      ->required();
  a->node.AddOptions(cmd, kNodeAdmin);
  cmd->callback([a, exit_code] {
    if (a->text.empty() && a->text_file.empty()) {
      PrintError("feedback answer", _("give the answer with --text or --file"));
      *exit_code = kExitUsage;
      return;
    }
    a->queue = a->node;  // the same certificate, to the hub's queue
    a->queue.address = a->queue_address;
    *exit_code = Answer(*a);
  });
}

}  // namespace

void AddFeedbackCommands(CLI::App& app, int* exit_code) {
  CLI::App* fb = app.add_subcommand(
      "feedback",
      _("Questions and opinions from the public site (the hub's queue) and "
        "the agency's answers"));
  fb->require_subcommand(1);
  auto args = std::make_shared<FeedbackArgs>();
  AddList(fb, args, exit_code);
  AddShow(fb, args, exit_code);
  AddAnswer(fb, args, exit_code);
}

}  // namespace disclosure::cli

// AdminService::UpsertAnswer: the agency's answer to one question or
// opinion from the hub's participation queue, stored for the next
// snapshot ("answers/<submission_id>").
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "format/entry_key.h"
#include "node/service/admin_service.h"
#include "transport/grpc_status.h"

namespace disclosure::node {

namespace v1 = disclosure::v1;

grpc::Status AdminService::UpsertAnswer(
    grpc::ServerContext* ctx, const v1::node::UpsertAnswerRequest* req,
    v1::node::WriteResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  absl::MutexLock lock(&publisher_->mutex());
  const v1::ParticipationAnswer& a = req->answer();
  Problems problems;
  validator_->CheckAnswer(a, clock_->Now(), &problems);
  // An answer about a database names one this agency holds.
  absl::string_view id = a.concerns();
  if (problems.empty() && absl::ConsumePrefix(&id, "db/")) {
    DN_GRPC_ASSIGN_OR_RETURN(auto db,
                             store_->GetDatabaseEntry(std::string(id)));
    if (!db.has_value()) {
      AddProblem(
          &problems, 0, "concerns",
          {N_("\"$0\" is not a database of this agency"), {a.concerns()}});
    }
  }
  if (!problems.empty()) {
    resp->set_applied(false);
    for (const auto& p : problems) *resp->add_problems() = p;
    return grpc::Status::OK;
  }
  DN_GRPC_RETURN_IF_ERROR(store_->WriteAnswer(a));
  resp->set_applied(true);
  resp->set_written(1);
  RecordImport("answers", 1,
               absl::StrCat("answer to ", a.submission_id(),
                            " stored; it is published with the next snapshot"));
  return grpc::Status::OK;
}

}  // namespace disclosure::node

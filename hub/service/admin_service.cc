#include "hub/service/admin_service.h"

#include "absl/strings/str_cat.h"
#include "core/logging.h"
#include "format/entry_key.h"
#include "format/utf8.h"
#include "hub/storage/freshness.h"
#include "metrics/metrics.h"
#include "transport/grpc_status.h"

namespace disclosure::hub {

namespace v1h = disclosure::v1::hub;

namespace {

grpc::Status CheckAgencyId(const std::string& id) {
  if (absl::Status s = ValidateId(id, "agency_id"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return grpc::Status::OK;
}

v1h::HarvestOutcome::Result OutcomeResult(HarvestResult::Outcome o) {
  switch (o) {
    case HarvestResult::kUnchanged:
      return v1h::HarvestOutcome::RESULT_UNCHANGED;
    case HarvestResult::kAccepted:
      return v1h::HarvestOutcome::RESULT_ACCEPTED;
    case HarvestResult::kRefused:
      return v1h::HarvestOutcome::RESULT_REFUSED;
    case HarvestResult::kUnreachable:
      return v1h::HarvestOutcome::RESULT_UNREACHABLE;
  }
  return v1h::HarvestOutcome::RESULT_UNSPECIFIED;
}

void AddOutcome(const std::string& id, const HarvestResult& r,
                v1h::HarvestResponse* resp) {
  v1h::HarvestOutcome* o = resp->add_outcomes();
  o->set_agency_id(id);
  o->set_result(OutcomeResult(r.outcome));
  o->set_detail(r.detail);
  o->set_next_attempt(r.next_attempt);
}

}  // namespace

grpc::Status HubAdminService::GetStatus(grpc::ServerContext* ctx,
                                        const v1h::GetStatusRequest*,
                                        v1h::GetStatusResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  const int64_t now = absl::ToUnixSeconds(control_->Now());
  resp->set_now(now);
  for (const v1h::RegisteredAgency& reg : harvester_->Registry()) {
    v1h::AgencyStatus* a = resp->add_agencies();
    a->set_agency_id(reg.agency_id());
    a->set_name_zh_tw(reg.name_zh_tw());
    a->set_endpoint(reg.endpoint());
    DN_GRPC_ASSIGN_OR_RETURN(auto stored, store_->GetAgency(reg.agency_id()));
    const v1h::AgencyState state = stored.value_or(v1h::AgencyState());
    const FreshnessView f = FreshnessAt(state, now);
    a->set_freshness(f.freshness);
    a->set_since(f.since);
    a->set_log_size(state.log_size());
    a->set_last_attempt(state.last_attempt());
    a->set_last_success(state.last_success());
    a->set_expires_at(state.expires_at());
    // The schedule's own time when it runs (a shorter interval may have
    // brought the stored one forward).
    const std::optional<absl::Time> due = harvester_->NextDue(reg.agency_id());
    a->set_next_attempt(due.has_value() ? absl::ToUnixSeconds(*due)
                                        : state.next_attempt());
    a->set_consecutive_failures(state.consecutive_failures());
    a->set_last_error(state.last_error());
    a->set_misbehaving_reason(state.misbehaving_reason());
    a->set_node_certificate_expires_at(state.node_certificate_expires_at());
    DN_GRPC_ASSIGN_OR_RETURN(auto evidence,
                             store_->ListEvidence(reg.agency_id()));
    a->set_evidence_count(static_cast<uint32_t>(evidence.size()));
  }
  for (auto& c : control_->Certificates()) {
    *resp->add_certificates() = std::move(c);
  }
  resp->set_version(control_->Version());
  resp->set_harvest_interval_seconds(control_->HarvestIntervalSeconds());
  resp->set_export_dir(control_->ExportDir());
  *resp->mutable_search_index() = control_->SearchIndex();
  return grpc::Status::OK;
}

grpc::Status HubAdminService::Harvest(grpc::ServerContext* ctx,
                                      const v1h::HarvestRequest* req,
                                      v1h::HarvestResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  if (req->agency_id().empty()) {
    for (const auto& [id, r] : control_->HarvestAllNow().results) {
      AddOutcome(id, r, resp);
    }
    return grpc::Status::OK;
  }
  DN_GRPC_RETURN_IF_ERROR(CheckAgencyId(req->agency_id()));
  bool registered = false;
  for (const auto& reg : harvester_->Registry()) {
    registered = registered || reg.agency_id() == req->agency_id();
  }
  if (!registered) {
    return grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("agency ", req->agency_id(),
                     " is not registered (add it to the hub's config and "
                     "reload with SIGHUP)"));
  }
  AddOutcome(req->agency_id(), control_->HarvestOneNow(req->agency_id()), resp);
  return grpc::Status::OK;
}

grpc::Status HubAdminService::Export(grpc::ServerContext* ctx,
                                     const v1h::ExportRequest*,
                                     v1h::ExportResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  if (control_->ExportDir().empty()) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "the hub has no export_dir configured; set it (with "
                        "export_signing_key_file) and restart the hub");
  }
  DN_GRPC_ASSIGN_OR_RETURN(std::string state, control_->ExportNow());
  resp->set_export_dir(control_->ExportDir());
  resp->set_state(state);
  return grpc::Status::OK;
}

grpc::Status HubAdminService::Backup(grpc::ServerContext* ctx,
                                     const v1h::BackupRequest* req,
                                     v1h::BackupResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  if (absl::Status s =
          CheckBackupTarget(req->backup_dir(), control_->OwnFolders());
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  DN_GRPC_ASSIGN_OR_RETURN(
      StoreBackup b, store_->Backup(req->backup_dir(), control_->Version()));
  resp->set_backup_dir(req->backup_dir());
  resp->set_backup_id(b.id);
  resp->set_size_bytes(b.size_bytes);
  resp->set_number_files(b.number_files);
  CountEvent("disclosure_hub_backups_total", "Backups made", {});
  LogLine("hub",
          absl::StrCat("backup ", b.id, " written to ", req->backup_dir(), " (",
                       b.number_files, " files)"));
  return grpc::Status::OK;
}

grpc::Status HubAdminService::GetAgencyState(
    grpc::ServerContext* ctx, const v1h::GetAgencyStateRequest* req,
    v1h::GetAgencyStateResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  DN_GRPC_RETURN_IF_ERROR(CheckAgencyId(req->agency_id()));
  DN_GRPC_ASSIGN_OR_RETURN(auto state, store_->GetAgency(req->agency_id()));
  if (!state.has_value()) {
    return grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("the hub holds nothing of agency ", req->agency_id()));
  }
  *resp->mutable_state() = *state;
  DN_GRPC_ASSIGN_OR_RETURN(auto evidence,
                           store_->ListEvidence(req->agency_id()));
  for (auto& e : evidence) *resp->add_evidence() = std::move(e);
  return grpc::Status::OK;
}

grpc::Status HubAdminService::ClearMisbehaving(
    grpc::ServerContext* ctx, const v1h::ClearMisbehavingRequest* req,
    v1h::ClearMisbehavingResponse* resp) {
  DN_GRPC_RETURN_IF_ERROR(policy_.Check(*ctx));
  DN_GRPC_RETURN_IF_ERROR(CheckAgencyId(req->agency_id()));
  if (req->reason().empty() ||
      req->reason().size() > kMaxClearanceReasonBytes ||
      !IsValidUtf8(req->reason())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("a reason is required: UTF-8, at most ",
                                     kMaxClearanceReasonBytes, " bytes"));
  }
  auto auth = ctx->auth_context();
  absl::StatusOr<std::string> who = PeerSpiffeId(*auth);
  DN_GRPC_ASSIGN_OR_RETURN(
      auto state,
      harvester_->ClearMisbehaving(req->agency_id(),
                                   who.ok() ? *who : "unknown", req->reason()));
  *resp->mutable_state() = std::move(state);
  return grpc::Status::OK;
}

}  // namespace disclosure::hub

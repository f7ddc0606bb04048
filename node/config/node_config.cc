#include "node/config/node_config.h"

#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "core/text_config.h"
#include "format/checkpoint.h"
#include "format/entry_key.h"
#include "format/limits.h"
#include "format/manifest.h"
#include "format/status_macros.h"
#include "format/withholding.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "transport/pinned_identity.h"

namespace disclosure::node {
namespace {

using disclosure::v1::node::NodeConfig;

absl::Status CheckHostPort(absl::string_view field, absl::string_view addr) {
  size_t colon = addr.rfind(':');
  if (addr.empty() || colon == absl::string_view::npos || colon == 0 ||
      colon + 1 == addr.size()) {
    return ConfigFieldError(field,
                            absl::StrCat("\"", addr, "\" is not host:port"));
  }
  const absl::string_view port = addr.substr(colon + 1);
  uint32_t n = 0;
  if (port.size() > 5 || !absl::SimpleAtoi(port, &n) ||
      port.find_first_not_of("0123456789") != absl::string_view::npos ||
      n > 65535) {
    return ConfigFieldError(
        field, absl::StrCat("port of \"", addr,
                            "\" is not a number from 0 to 65535 (0 picks a "
                            "free port, for tests)"));
  }
  return absl::OkStatus();
}

// The port of a checked "host:port".
absl::string_view PortOf(absl::string_view addr) {
  return addr.substr(addr.rfind(':') + 1);
}

absl::Status CheckTls(absl::string_view field,
                      const disclosure::v1::node::TlsFiles& tls) {
  if (tls.cert_file().empty())
    return ConfigFieldError(absl::StrCat(field, ".cert_file"), "required");
  if (tls.key_file().empty())
    return ConfigFieldError(absl::StrCat(field, ".key_file"), "required");
  if (tls.ca_file().empty())
    return ConfigFieldError(absl::StrCat(field, ".ca_file"), "required");
  return absl::OkStatus();
}

// Sets a numeric field to `value` when it is 0 (unset in proto3).
#define DN_DEFAULT(msg, field, value) \
  if ((msg)->field() == 0) (msg)->set_##field(value)

// Defaults the snapshot format and checks it and the statistics
// withholding decisions, which need format 2.
absl::Status CheckFormatAndWithholding(NodeConfig* c) {
  if (c->snapshot_format_version() == 0)
    c->set_snapshot_format_version(kDefaultSnapshotFormatVersion);
  if (c->snapshot_format_version() > kSnapshotFormatVersion) {
    return ConfigFieldError(
        "snapshot_format_version",
        absl::StrCat("must be 1 to ", kSnapshotFormatVersion,
                     " (the formats this release writes)"));
  }
  if (!c->statistics_withholding().empty() &&
      c->snapshot_format_version() < kWithholdingFormatVersion) {
    return ConfigFieldError("statistics_withholding",
                            "needs snapshot_format_version: 2");
  }
  for (int i = 0; i < c->statistics_withholding_size(); ++i) {
    const auto& w = c->statistics_withholding(i);
    const std::string at = absl::StrCat("statistics_withholding[", i, "]");
    if (w.statute().empty())
      return ConfigFieldError(at + ".statute", "is required");
    std::vector<FieldProblem> problems;
    CheckWithholding(w.withholding(), at + ".withholding", &problems);
    if (!problems.empty()) {
      return ConfigFieldError(problems[0].field, problems[0].message.English());
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string LogOrigin(const NodeConfig& config) {
  return AgencyLogOrigin(config.trust_domain(), config.agency_id());
}

absl::StatusOr<NodeConfig> ParseNodeConfig(const std::string& text,
                                           const std::string& base_dir) {
  NodeConfig c;
  DN_RETURN_IF_ERROR(ParseTextConfig(text, &c));
  if (absl::Status s = ValidateId(c.agency_id(), "agency_id"); !s.ok()) {
    return ConfigFieldError("agency_id", s.message());
  }
  if (c.trust_domain().empty() ||
      c.trust_domain().find_first_of("/ +\n") != std::string::npos) {
    return ConfigFieldError("trust_domain",
                            "required, without '/', '+' or spaces");
  }
  if (c.data_dir().empty()) return ConfigFieldError("data_dir", "required");
  DN_RETURN_IF_ERROR(CheckHostPort("snapshot_listen", c.snapshot_listen()));
  if (c.admin_listen().empty()) c.set_admin_listen("127.0.0.1:7443");
  DN_RETURN_IF_ERROR(CheckHostPort("admin_listen", c.admin_listen()));
  // Two listeners on one port would serve the admin API to the hub's
  // clients (or fail late); a fixed port must differ between them.
  if (PortOf(c.snapshot_listen()) != "0" &&
      PortOf(c.snapshot_listen()) == PortOf(c.admin_listen())) {
    return ConfigFieldError(
        "admin_listen",
        absl::StrCat("uses port ", PortOf(c.admin_listen()),
                     ", the same as snapshot_listen; give each listener its "
                     "own port"));
  }
  DN_RETURN_IF_ERROR(CheckTls("snapshot_tls", c.snapshot_tls()));
  if (!c.has_admin_tls()) *c.mutable_admin_tls() = c.snapshot_tls();
  DN_RETURN_IF_ERROR(CheckTls("admin_tls", c.admin_tls()));
  if (c.signing_key_file().empty())
    return ConfigFieldError("signing_key_file", "required");
  if (c.specific_purposes_file().empty()) {
    return ConfigFieldError("specific_purposes_file", "required");
  }
  if (c.data_categories_file().empty()) {
    return ConfigFieldError("data_categories_file", "required");
  }
  if (c.counting_rule().empty()) {
    c.set_counting_rule(
        "每一份公文向一家業者提出之調取請求計為一件，不論所列識別碼數量；"
        "One letter to one provider counts as one request, whatever the "
        "number of identifiers; a request for several data types counts once "
        "in each data-type row and once in the totals.");
  }
  if (!c.statistics_tracked_from().empty()) {
    if (absl::Status s = ValidatePeriod(c.statistics_tracked_from()); !s.ok()) {
      return ConfigFieldError("statistics_tracked_from", s.message());
    }
  }
  if (c.admin_identity().empty()) {
    c.set_admin_identity(absl::StrCat("spiffe://", c.trust_domain(), "/agency/",
                                      c.agency_id(), "/admin"));
  } else if (absl::Status s = CheckIdentitySpec(c.admin_identity()); !s.ok()) {
    return ConfigFieldError("admin_identity", s.message());
  }
  if (c.hub_identity().empty()) {
    c.set_hub_identity(absl::StrCat("spiffe://", c.trust_domain(), "/hub"));
  } else if (absl::Status s = CheckIdentitySpec(c.hub_identity()); !s.ok()) {
    return ConfigFieldError("hub_identity", s.message());
  }

  DN_DEFAULT(&c, publish_interval_seconds, kDefaultPublishIntervalSeconds);
  DN_DEFAULT(&c, snapshot_validity_seconds, 3 * c.publish_interval_seconds());
  DN_DEFAULT(&c, max_clock_skew_seconds, 300);
  DN_DEFAULT(&c, witness_timeout_seconds, 10);
  if (c.witness_timeout_seconds() > 300) {
    return ConfigFieldError("witness_timeout_seconds", "at most 300");
  }
  if (c.snapshot_validity_seconds() <= c.publish_interval_seconds()) {
    return ConfigFieldError(
        "snapshot_validity_seconds",
        "must be longer than publish_interval_seconds, or every "
        "snapshot expires before the next one is due");
  }
  // A snapshot valid for long would let a stale (frozen) node look current;
  // hubs refuse validities over their limits.max_snapshot_validity_seconds
  // (default 7 days).
  if (c.snapshot_validity_seconds() >
          kMaxSnapshotValidityIntervals *
              uint64_t{c.publish_interval_seconds()} ||
      c.snapshot_validity_seconds() > kMaxSnapshotValiditySeconds) {
    return ConfigFieldError(
        "snapshot_validity_seconds",
        absl::StrCat("at most ", kMaxSnapshotValidityIntervals,
                     " publication intervals and at most ",
                     kMaxSnapshotValiditySeconds, " (31 days)"));
  }
  if (c.statistics_period() ==
      disclosure::v1::node::STATISTICS_PERIOD_UNSPECIFIED) {
    c.set_statistics_period(disclosure::v1::node::STATISTICS_PERIOD_HALF_YEAR);
  }
  auto* l = c.mutable_limits();
  DN_DEFAULT(l, max_message_bytes, kDefaultMaxMessageBytes);
  DN_DEFAULT(l, max_entry_bytes, kDefaultMaxEntryBytes);
  DN_DEFAULT(l, max_entries_per_snapshot, kDefaultMaxEntriesPerSnapshot);
  DN_DEFAULT(l, max_records_per_batch, kDefaultMaxRecordsPerBatch);
  DN_DEFAULT(l, page_size, kDefaultPageSize);
  DN_DEFAULT(l, rpc_deadline_seconds, kDefaultRpcDeadlineSeconds);
  DN_DEFAULT(l, import_idle_seconds, kDefaultImportIdleSeconds);
  DN_DEFAULT(l, import_max_seconds, kDefaultImportMaxSeconds);
  if (l->import_max_seconds() < l->import_idle_seconds()) {
    return ConfigFieldError("limits.import_max_seconds",
                            "must be at least limits.import_idle_seconds");
  }
  if (c.small_count_threshold() == 0)
    c.set_small_count_threshold(kDefaultSmallCountThreshold);
  DN_RETURN_IF_ERROR(CheckFormatAndWithholding(&c));
  if (l->max_entry_bytes() > kMaxEntryBytes) {
    return ConfigFieldError("limits.max_entry_bytes",
                            "may not exceed 262144 (core limit)");
  }
  if (l->max_entries_per_snapshot() > kMaxEntriesPerSnapshot) {
    return ConfigFieldError("limits.max_entries_per_snapshot",
                            "may not exceed 1048576 (core limit)");
  }
  if (l->max_message_bytes() < 64u << 10) {
    return ConfigFieldError("limits.max_message_bytes",
                            "must be at least 65536");
  }

  ResolveConfigPath(c.mutable_data_dir(), base_dir);
  if (c.signed_checkpoint_file().empty()) {
    c.set_signed_checkpoint_file(DefaultSignedStatePath(c.data_dir()));
  }
  for (std::string* p :
       {c.mutable_signed_checkpoint_file(), c.mutable_signing_key_file(),
        c.mutable_previous_signing_key_file(),
        c.mutable_specific_purposes_file(), c.mutable_data_categories_file(),
        c.mutable_snapshot_tls()->mutable_cert_file(),
        c.mutable_snapshot_tls()->mutable_key_file(),
        c.mutable_snapshot_tls()->mutable_ca_file(),
        c.mutable_admin_tls()->mutable_cert_file(),
        c.mutable_admin_tls()->mutable_key_file(),
        c.mutable_admin_tls()->mutable_ca_file(),
        c.mutable_witness_policy_file()}) {
    ResolveConfigPath(p, base_dir);
  }
  return c;
}

std::string DefaultSignedStatePath(const std::string& data_dir) {
  std::string dir = data_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir + ".signed-checkpoint";
}

absl::StatusOr<NodeConfig> LoadNodeConfig(const std::string& path) {
  DN_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 1 << 20));
  const std::string base = ConfigBaseDir(path);
  absl::StatusOr<NodeConfig> c = ParseNodeConfig(text, base);
  if (!c.ok()) {
    return absl::Status(c.status().code(),
                        absl::StrCat(path, ": ", c.status().message()));
  }
  return c;
}

}  // namespace disclosure::node

#include "hub/config/hub_config.h"

#include <filesystem>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "core/host_port.h"
#include "core/text_config.h"
#include "format/entry_key.h"
#include "format/limits.h"
#include "format/note_keys.h"
#include "format/status_macros.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "transport/peer_identity.h"

namespace disclosure::hub {
namespace {

// Changesets kept for search replicas: enough for days of commits; more
// only fills the disk, since a replica that far behind is better copied.
constexpr uint32_t kMaxSearchChangesets = 10000;

using disclosure::v1::hub::HubConfig;
using disclosure::v1::hub::HubLimits;

// Sets `*field` to `value` when it is 0.
template <typename T, typename V>
void Default(T* limits, V (T::*get)() const, void (T::*set)(V), V value) {
  if ((limits->*get)() == 0) (limits->*set)(value);
}

absl::Status ApplyLimitDefaults(HubLimits* l) {
  Default(l, &HubLimits::max_message_bytes, &HubLimits::set_max_message_bytes,
          kDefaultMaxMessageBytes);
  Default(l, &HubLimits::max_entries_per_snapshot,
          &HubLimits::set_max_entries_per_snapshot, kDefaultMaxEntries);
  Default(l, &HubLimits::rpc_deadline_seconds,
          &HubLimits::set_rpc_deadline_seconds, kDefaultRpcDeadlineSeconds);
  Default(l, &HubLimits::harvest_concurrency,
          &HubLimits::set_harvest_concurrency, kDefaultHarvestConcurrency);
  Default(l, &HubLimits::max_backoff_seconds,
          &HubLimits::set_max_backoff_seconds, kDefaultMaxBackoffSeconds);
  Default(l, &HubLimits::harvest_deadline_seconds,
          &HubLimits::set_harvest_deadline_seconds,
          kDefaultHarvestDeadlineSeconds);
  Default(l, &HubLimits::max_small_reply_bytes,
          &HubLimits::set_max_small_reply_bytes, kDefaultMaxSmallReplyBytes);
  Default(l, &HubLimits::max_new_manifests_per_harvest,
          &HubLimits::set_max_new_manifests_per_harvest,
          kDefaultMaxNewManifests);
  Default(l, &HubLimits::max_rotation_lookups,
          &HubLimits::set_max_rotation_lookups, kDefaultMaxRotationLookups);
  Default(l, &HubLimits::max_entry_bytes, &HubLimits::set_max_entry_bytes,
          static_cast<uint32_t>(kMaxEntryBytes));
  Default(l, &HubLimits::max_snapshot_bytes, &HubLimits::set_max_snapshot_bytes,
          kDefaultMaxSnapshotBytes);
  Default(l, &HubLimits::max_linkages_per_entry,
          &HubLimits::set_max_linkages_per_entry, kDefaultMaxLinkagesPerEntry);
  Default(l, &HubLimits::max_snapshot_validity_seconds,
          &HubLimits::set_max_snapshot_validity_seconds,
          kDefaultMaxSnapshotValiditySeconds);
  Default(l, &HubLimits::max_clock_skew_seconds,
          &HubLimits::set_max_clock_skew_seconds, kDefaultMaxClockSkewSeconds);
  if (l->max_entries_per_snapshot() > kMaxEntriesPerSnapshot) {
    return ConfigFieldError("limits.max_entries_per_snapshot",
                            "may not exceed 1048576 (core limit)");
  }
  if (l->max_entry_bytes() > kMaxEntryBytes) {
    return ConfigFieldError("limits.max_entry_bytes",
                            "may not exceed 262144 (core limit)");
  }
  if (l->max_small_reply_bytes() < kMaxNoteBytes) {
    return ConfigFieldError("limits.max_small_reply_bytes",
                            "must be at least 16384 (a signed note)");
  }
  if (l->max_message_bytes() < l->max_entry_bytes() + 4096) {
    return ConfigFieldError(
        "limits.max_message_bytes",
        "must hold one entry of limits.max_entry_bytes plus 4096");
  }
  if (l->harvest_deadline_seconds() < l->rpc_deadline_seconds()) {
    return ConfigFieldError("limits.harvest_deadline_seconds",
                            "must be at least limits.rpc_deadline_seconds");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<HubConfig> ParseHubConfig(const std::string& text,
                                         const std::string& base_dir) {
  HubConfig c;
  DN_RETURN_IF_ERROR(ParseTextConfig(text, &c));
  const std::string& criminal = c.criminal_statistics_url();
  if (!criminal.empty() &&
      (criminal.rfind("https://", 0) != 0 ||
       criminal.find_first_of("\"<> \n") != std::string::npos)) {
    return ConfigFieldError("criminal_statistics_url",
                            "must be an https:// URL without spaces or quotes");
  }
  if (c.trust_domain().empty() ||
      c.trust_domain().find_first_of("/ +\n") != std::string::npos) {
    return ConfigFieldError("trust_domain",
                            "required, without '/', '+' or spaces");
  }
  for (const auto& [name, value] :
       {std::pair<const char*, const std::string*>{"data_dir", &c.data_dir()},
        {"index_listen", &c.index_listen()},
        {"index_cert_file", &c.index_cert_file()},
        {"index_key_file", &c.index_key_file()},
        {"client_cert_file", &c.client_cert_file()},
        {"client_key_file", &c.client_key_file()},
        {"ca_file", &c.ca_file()},
        {"cosigning_key_file", &c.cosigning_key_file()}}) {
    if (value->empty()) return ConfigFieldError(name, "required");
  }
  if (!c.export_dir().empty() && c.export_signing_key_file().empty()) {
    return ConfigFieldError(
        "export_signing_key_file",
        "required with export_dir: the export's own Ed25519 note key "
        "(disclosurectl keygen --name <trust-domain>/hub/export)");
  }
  if (c.specific_purposes_file().empty() != c.data_categories_file().empty()) {
    return ConfigFieldError(c.specific_purposes_file().empty()
                                ? "specific_purposes_file"
                                : "data_categories_file",
                            "set both code lists, or neither");
  }
  if (c.cosigner_name().empty())
    c.set_cosigner_name(absl::StrCat(c.trust_domain(), "/hub"));
  if (c.harvest_interval_seconds() == 0)
    c.set_harvest_interval_seconds(kDefaultHarvestIntervalSeconds);
  DN_RETURN_IF_ERROR(ApplyLimitDefaults(c.mutable_limits()));
  if (!c.admin_cert_file().empty()) {
    if (c.admin_key_file().empty()) {
      return ConfigFieldError("admin_key_file",
                              "required with admin_cert_file");
    }
    if (c.admin_listen().empty()) c.set_admin_listen("127.0.0.1:0");
    if (c.admin_identity().empty()) {
      c.set_admin_identity(
          absl::StrCat(HubIdentity(c.trust_domain()), "/admin"));
    } else if (absl::Status s = CheckIdentitySpec(c.admin_identity());
               !s.ok()) {
      return ConfigFieldError("admin_identity", s.message());
    }
  }
  std::set<std::string> ids;
  for (int i = 0; i < c.agencies_size(); ++i) {
    auto* a = c.mutable_agencies(i);
    const std::string f = absl::StrCat("agencies[", i, "]");
    if (absl::Status s = ValidateId(a->agency_id(), "agency_id"); !s.ok()) {
      return ConfigFieldError(f + ".agency_id", s.message());
    }
    if (!ids.insert(a->agency_id()).second) {
      return ConfigFieldError(
          f + ".agency_id",
          absl::StrCat("\"", a->agency_id(), "\" is listed twice"));
    }
    if (a->endpoint().empty() || a->endpoint().find(':') == std::string::npos) {
      return ConfigFieldError(f + ".endpoint", "must be host:port");
    }
    if (a->expected_identity().empty()) {
      a->set_expected_identity(
          AgencyIdentity(c.trust_domain(), a->agency_id()));
    } else if (absl::Status s = CheckIdentitySpec(a->expected_identity());
               !s.ok()) {
      return ConfigFieldError(f + ".expected_identity", s.message());
    }
    if (a->signing_vkeys().empty()) {
      return ConfigFieldError(
          f + ".signing_vkeys",
          "pin at least one verifier key of the agency log");
    }
    for (const std::string& vkey : a->signing_vkeys()) {
      auto k = ParseVerifierKey(vkey);
      if (!k.ok())
        return ConfigFieldError(f + ".signing_vkeys", k.status().message());
      if (k->type != SignatureType::kEd25519) {
        return ConfigFieldError(f + ".signing_vkeys",
                                "must be note keys (type 0x01)");
      }
    }
  }
  for (std::string* p :
       {c.mutable_data_dir(), c.mutable_index_cert_file(),
        c.mutable_index_key_file(), c.mutable_client_cert_file(),
        c.mutable_client_key_file(), c.mutable_ca_file(),
        c.mutable_cosigning_key_file(), c.mutable_export_dir(),
        c.mutable_export_signing_key_file(), c.mutable_specific_purposes_file(),
        c.mutable_data_categories_file(), c.mutable_synonyms_file(),
        c.mutable_witness_data_dir(), c.mutable_witness_policy_file()}) {
    ResolveConfigPath(p, base_dir);
  }
  if (c.search_changesets() > kMaxSearchChangesets) {
    return ConfigFieldError(
        "search_changesets",
        absl::StrCat("at most ", kMaxSearchChangesets,
                     " (each is kept on disk beside the search index)"));
  }
  if (c.has_participation()) {
    disclosure::v1::hub::ParticipationSettings* p = c.mutable_participation();
    ResolveConfigPath(p->mutable_receipt_signing_key_file(), base_dir);
    const std::string& action = p->form_action();
    if (!action.empty() &&
        ((action[0] != '/' && action.rfind("https://", 0) != 0) ||
         action.find_first_of("\"<> \n'") != std::string::npos)) {
      return ConfigFieldError("participation.form_action",
                              "must be a path (/...) or an https:// URL "
                              "without spaces or quotes");
    }
    const std::string& platform = p->platform_host();
    if (!platform.empty() &&
        HttpsUrlHost(absl::StrCat("https://", platform)) != platform) {
      return ConfigFieldError("participation.platform_host",
                              "must be a lowercase host name, e.g. "
                              "join.gov.tw");
    }
  }
  return c;
}

absl::StatusOr<HubConfig> LoadHubConfig(const std::string& path) {
  DN_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 4 << 20));
  const std::string base = ConfigBaseDir(path);
  absl::StatusOr<HubConfig> c = ParseHubConfig(text, base);
  if (!c.ok())
    return absl::Status(c.status().code(),
                        absl::StrCat(path, ": ", c.status().message()));
  return c;
}

}  // namespace disclosure::hub

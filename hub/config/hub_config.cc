#include "hub/config/hub_config.h"

#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/entry_key.h"
#include "core/file_util.h"
#include "core/note_keys.h"
#include "core/text_config.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "transport/peer_identity.h"

namespace disclosure::hub {
namespace {

using disclosure::v1::hub::HubConfig;

}  // namespace

absl::StatusOr<HubConfig> ParseHubConfig(const std::string& text,
                                         const std::string& base_dir) {
  HubConfig c;
  if (absl::Status s = ParseTextConfig(text, &c); !s.ok()) return s;
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
  if (c.cosigner_name().empty())
    c.set_cosigner_name(absl::StrCat(c.trust_domain(), "/hub"));
  if (c.harvest_interval_seconds() == 0)
    c.set_harvest_interval_seconds(kDefaultHarvestIntervalSeconds);
  auto* l = c.mutable_limits();
  if (l->max_message_bytes() == 0) l->set_max_message_bytes(16 << 20);
  if (l->max_entries_per_snapshot() == 0)
    l->set_max_entries_per_snapshot(100'000);
  if (l->rpc_deadline_seconds() == 0) l->set_rpc_deadline_seconds(30);
  if (l->harvest_concurrency() == 0)
    l->set_harvest_concurrency(kDefaultHarvestConcurrency);
  if (l->max_backoff_seconds() == 0)
    l->set_max_backoff_seconds(kDefaultMaxBackoffSeconds);
  if (l->max_entries_per_snapshot() > (1u << 20)) {
    return ConfigFieldError("limits.max_entries_per_snapshot",
                            "may not exceed 1048576 (core limit)");
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
        c.mutable_cosigning_key_file(), c.mutable_export_dir()}) {
    ResolveConfigPath(p, base_dir);
  }
  return c;
}

absl::StatusOr<HubConfig> LoadHubConfig(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path, 4 << 20);
  if (!text.ok()) return text.status();
  const std::string base = ConfigBaseDir(path);
  absl::StatusOr<HubConfig> c = ParseHubConfig(*text, base);
  if (!c.ok())
    return absl::Status(c.status().code(),
                        absl::StrCat(path, ": ", c.status().message()));
  return c;
}

}  // namespace disclosure::hub

#include "hub/index/agency_summary.h"

#include "absl/strings/str_cat.h"
#include "hub/storage/freshness.h"

namespace disclosure::hub {

namespace v1h = disclosure::v1::hub;

std::vector<v1h::AgencySummary> SummarizeAgencies(
    const HubStore& store, const DisclosureIndex& index,
    const std::vector<v1h::RegisteredAgency>& registry, absl::Time now) {
  std::vector<v1h::AgencySummary> out;
  for (const auto& reg : registry) {
    v1h::AgencySummary a;
    a.set_agency_id(reg.agency_id());
    a.mutable_name()->set_zh_tw(reg.name_zh_tw());
    a.mutable_name()->set_en(reg.name_en());
    if (auto p = index.Profile(reg.agency_id());
        p && (p->name().zh_tw() != reg.name_zh_tw() ||
              p->name().en() != reg.name_en())) {
      *a.mutable_signed_name() = p->name();
    }
    a.set_freshness(v1h::FRESHNESS_NEVER_HARVESTED);
    auto state = store.GetAgency(reg.agency_id());
    if (!state.ok()) {
      a.set_last_error(absl::StrCat("hub store: ", state.status().message()));
    } else if (state->has_value()) {
      const v1h::AgencyState& s = **state;
      const FreshnessView f = FreshnessAt(s, absl::ToUnixSeconds(now));
      a.set_freshness(f.freshness);
      a.mutable_since()->set_seconds(f.since);
      a.set_checkpoint(s.cosigned_checkpoint());
      a.set_latest_sequence(s.latest_sequence());
      a.set_last_error(s.last_error());
      a.set_misbehaving_reason(s.misbehaving_reason());
      a.mutable_expires_at()->set_seconds(s.expires_at());
    }
    auto [dbs, periods] = index.Counts(reg.agency_id());
    a.set_database_count(dbs);
    a.set_statistics_periods(periods);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace disclosure::hub

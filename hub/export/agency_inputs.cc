#include "hub/export/agency_inputs.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/program_info.h"
#include "format/encoding.h"
#include "format/sha256.h"
#include "format/status_macros.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "hub/export/export_labels.h"

namespace disclosure::hub {
namespace {

// Fields hashed with their lengths, so that no two lists of fields hash
// alike.
class Digest {
 public:
  Digest& Add(absl::string_view field) {
    sha_.Update(absl::StrCat(field.size(), ":"));
    sha_.Update(field);
    return *this;
  }
  Digest& Add(int64_t n) { return Add(absl::StrCat(n)); }
  Digest& Add(const google::protobuf::MessageLite& m) {
    std::string bytes;
    {
      google::protobuf::io::StringOutputStream out(&bytes);
      google::protobuf::io::CodedOutputStream coded(&out);
      coded.SetSerializationDeterministic(true);
      m.SerializeToCodedStream(&coded);
    }
    return Add(bytes);
  }
  std::string Hex() { return HexEncode(AsBytes(sha_.Finish())); }

 private:
  Sha256 sha_;
};

void AddCounts(Digest& d, const ParticipationCounts& c) {
  d.Add(c.received).Add(c.answered_in_time).Add(c.answered_late);
  d.Add(c.open).Add(c.overdue);
}

void AddRef(Digest& d, const SubmissionRef& r) {
  d.Add(r.submission_id).Add(r.concerns).Add(r.kind);
  d.Add(r.received_at).Add(r.due_at).Add(r.consultation_id);
}

// What the agency's database pages show of participation.
void AddParticipation(Digest& d, const ParticipationView* view,
                      const std::string& agency_id) {
  if (view == nullptr || !view->enabled) {
    d.Add("no participation");
    return;
  }
  d.Add(view->form_action).Add(view->deadline_days);
  auto it = view->agencies.find(agency_id);
  if (it != view->agencies.end()) {
    const AgencyParticipation& a = it->second;
    AddCounts(d, a.counts);
    for (const auto& [entry, counts] : a.by_entry) {
      d.Add(entry);
      AddCounts(d, counts);
    }
    for (const ShownAnswer& s : a.answers) {
      AddRef(d, s.ref);
      d.Add(s.seen_at).Add(s.in_time).Add(s.answer);
      d.Add(static_cast<int64_t>(s.question));
    }
    for (const OpenSubmission& o : a.open) {
      AddRef(d, o.ref);
      d.Add(o.overdue);
    }
    d.Add(a.unmatched_answers);
  }
  // The rounds open on its entries.
  const std::string prefix = absl::StrCat(agency_id, "/");
  for (auto r = view->open_rounds_by_entry.lower_bound(prefix);
       r != view->open_rounds_by_entry.end() &&
       absl::StartsWith(r->first, prefix);
       ++r) {
    d.Add(r->first);
    for (size_t i : r->second)
      if (i < view->rounds.size()) d.Add(view->rounds[i].round);
  }
}

}  // namespace

std::string SiteInputsDigest(const SiteInputs& site) {
  Digest d;
  d.Add("disclosure-net site inputs 1").Add(kVersion).Add(kCommit);
  d.Add(site.trust_domain).Add(site.demonstration).Add(site.today);
  if (site.registry != nullptr) {
    for (const auto& reg : *site.registry) d.Add(reg);
  }
  d.Add(AllLabels(site.vocabularies));
  if (site.witnesses != nullptr) {
    for (const auto& [name, vkey] : *site.witnesses) d.Add(name).Add(vkey);
  }
  const bool participation =
      site.participation != nullptr && site.participation->enabled;
  d.Add(participation);
  if (participation) {
    d.Add(site.participation->form_action);
    d.Add(site.participation->deadline_days);
  }
  return d.Hex();
}

absl::StatusOr<std::string> AgencyInputsDigest(
    const HubStore& store, const std::string& agency_id,
    const std::string& site_digest, const ParticipationView* participation,
    const std::vector<std::string>& names) {
  Digest d;
  d.Add(site_digest).Add(agency_id);
  DN_ASSIGN_OR_RETURN(auto state, store.GetAgency(agency_id));
  if (state.has_value()) {
    d.Add(state->cosigned_checkpoint()).Add(state->log_size());
    d.Add(state->latest_sequence()).Add(state->has_snapshot());
    for (const auto& k : state->trusted_vkeys()) d.Add(k);
    d.Add(state->issued_at()).Add(state->misbehaving_since());
    d.Add(state->misbehaving_reason());
  } else {
    d.Add("no state");
  }
  DN_ASSIGN_OR_RETURN(auto evidence, store.ListEvidence(agency_id));
  d.Add(static_cast<int64_t>(evidence.size()));
  AddParticipation(d, participation, agency_id);
  for (const std::string& other : names) {
    DN_ASSIGN_OR_RETURN(auto named, store.GetAgency(other));
    d.Add(other).Add(named.has_value() ? named->checkpoint() : "none");
  }
  return d.Hex();
}

}  // namespace disclosure::hub

// What an agency's files in the export are made from, as one digest: when
// it is the same as in the previous export, the agency's files would be
// written with the same bytes, so they are hard-linked from it instead
// (static_export.h). The digest goes into the agency's listing
// (format/export_listing.h) as its "inputs" line.
//
// An agency's files are its bundles, log tiles, checkpoint, history,
// evidence and database pages. They are made from:
//
//   - the site: the program (version and commit: a new build renders
//     anew), the trust domain, the whole registry (pages name other
//     agencies), the names of codes, the witnesses, participation's
//     settings, whether the site is a demonstration, and today's date in
//     Taipei (a review date passing makes a withholding overdue);
//   - the agency: its accepted checkpoint with every cosignature, its
//     trusted keys, the issue time of its snapshot, its evidence and its
//     misbehaviour, and what participation shows of it;
//   - the agencies its pages name (the ends of its linkages): their
//     accepted checkpoints, since their databases' names come from them.
//
// Nothing that changes every harvest round without changing a page (the
// last attempt, the next one, reachability) is part of it.
#ifndef DISCLOSURE_HUB_EXPORT_AGENCY_INPUTS_H_
#define DISCLOSURE_HUB_EXPORT_AGENCY_INPUTS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/vocabulary.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "hub/participation/participation_view.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

// What every agency's files depend on besides the agency's own data.
struct SiteInputs {
  std::string trust_domain;
  const std::vector<disclosure::v1::hub::RegisteredAgency>* registry = nullptr;
  const Vocabularies* vocabularies = nullptr;  // may be null
  // name -> vkey, the hub's first.
  const std::vector<std::pair<std::string, std::string>>* witnesses = nullptr;
  const ParticipationView* participation = nullptr;  // may be null
  bool demonstration = false;
  std::string today;  // Taipei, YYYY-MM-DD
};

// The digest of `site`, hex.
std::string SiteInputsDigest(const SiteInputs& site);

// The digest of what `agency_id`'s files are made from, hex: `site_digest`
// (SiteInputsDigest), the agency's state in `store`, and the checkpoints of
// the agencies in `names`.
absl::StatusOr<std::string> AgencyInputsDigest(
    const HubStore& store, const std::string& agency_id,
    const std::string& site_digest, const ParticipationView* participation,
    const std::vector<std::string>& names);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_AGENCY_INPUTS_H_

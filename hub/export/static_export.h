// The static export of the index: JSON and CSV files, every agency's
// cosigned checkpoint and proof bundles for every database entry, plus a
// listing of every file with its SHA-256 and a signed note (by the hub's
// key) committing to that listing and to the checkpoint of each agency the
// export reflects. Web pages and auditors read it without the hub running.
// Files are written as they are produced, one page of the index at a time,
// so memory does not grow with any agency's data. Safe to run while the
// hub harvests (it reads the thread-safe store and index).
//
//   <dir>/agencies.json  databases.json  databases.csv  statistics.json
//   <dir>/statistics.csv linkages.json   coverage.json
//   <dir>/checkpoints/<agency>.note
//   <dir>/bundles/<agency>/<database-id>.bundle   (serialized ProofBundle)
//   <dir>/export-manifest.txt   export-manifest.note
#ifndef DISCLOSURE_HUB_EXPORT_STATIC_EXPORT_H_
#define DISCLOSURE_HUB_EXPORT_STATIC_EXPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "core/note.h"
#include "disclosure/v1/hub/hub_config.pb.h"
#include "hub/index/disclosure_index.h"
#include "hub/storage/hub_store.h"

namespace disclosure::hub {

// Writes the export into `dir`, which must not exist yet.
absl::Status WriteExport(
    const HubStore& store, const DisclosureIndex& index,
    const std::vector<disclosure::v1::hub::RegisteredAgency>& registry,
    const NoteSigner& signer, absl::Time now, const std::string& dir);

// Writes a new export next to `link` and then points the symlink `link` at
// it with one rename, so readers see the old or the new export, never a
// mix. The previous export folder is removed.
absl::Status ExportAtomically(
    const HubStore& store, const DisclosureIndex& index,
    const std::vector<disclosure::v1::hub::RegisteredAgency>& registry,
    const NoteSigner& signer, absl::Time now, const std::string& link);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_STATIC_EXPORT_H_

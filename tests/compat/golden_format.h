// The golden files of the current format (docs/compatibility.md): what a
// node of this release publishes, written deterministically (fixed keys,
// fixed clock, no request records, whose commitments are salted with a
// random secret) so that a later release can be checked against them.
//
//   agency.vkey, cosigner.vkey      the verifier keys
//   manifest-0.bin, manifest-1.bin  two snapshots' signed manifests
//   checkpoint.note                 the log of size 2, signed by the agency
//                                   and cosigned
//   entry-*.bin                     the entries of snapshot 1, one per kind
//   bundle-db-a.bin                 the proof bundle of db/db-a against it
//   node-store.txt                  every record of the node's store
//                                   (family, hex key, hex value), but the
//                                   random record salt secret
#ifndef DISCLOSURE_TESTS_COMPAT_GOLDEN_FORMAT_H_
#define DISCLOSURE_TESTS_COMPAT_GOLDEN_FORMAT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace disclosure::testing {

inline constexpr char kGoldenOrigin[] = "golden.test/agency/golden";
inline constexpr char kGoldenCosigner[] = "golden.test/hub";

// Writes the files above into `dir` (created if missing), using `work` for
// the node's store, as a node writing snapshot format `format_version`
// does. In format 2, db-b withholds its record sources and one linkage
// (format/withholding.h) and the statistics state their scope.
absl::Status WriteGoldenFiles(const std::string& dir, const std::string& work,
                              uint32_t format_version);

// The names of the files WriteGoldenFiles writes, sorted.
std::vector<std::string> GoldenFileNames();

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_COMPAT_GOLDEN_FORMAT_H_

// Verifiers for RFC 9162 section 2.1.3.2 (inclusion) and 2.1.4.2
// (consistency) proofs. They need nothing but the proof and the claimed
// values, so auditors can run them with no trust in whoever served the proof.
//
// Note: an inclusion proof does not bind the tree size on its own; sizes
// whose audit paths have the same shape yield the same computed root. The
// size is bound by the signed checkpoint that carries (size, root).
#ifndef DISCLOSURE_FORMAT_MERKLE_VERIFY_H_
#define DISCLOSURE_FORMAT_MERKLE_VERIFY_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "format/sha256.h"

namespace disclosure {

// Root implied by `proof` for leaf `index` with hash `leaf_hash` in a tree of
// `tree_size` leaves. InvalidArgument when index >= tree_size or the proof
// has the wrong number of hashes.
absl::StatusOr<Hash> RootFromInclusionProof(uint64_t index, uint64_t tree_size,
                                            const Hash& leaf_hash,
                                            const std::vector<Hash>& proof);

// OK iff `proof` shows leaf `index` with `leaf_hash` is in the tree of
// `tree_size` leaves with root `root`. InvalidArgument with the reason
// otherwise.
absl::Status VerifyInclusion(uint64_t index, uint64_t tree_size,
                             const Hash& leaf_hash,
                             const std::vector<Hash>& proof, const Hash& root);

// OK iff `proof` shows the tree (size1, root1) is a prefix of the tree
// (size2, root2). InvalidArgument with the reason otherwise.
absl::Status VerifyConsistency(uint64_t size1, uint64_t size2,
                               const Hash& root1, const Hash& root2,
                               const std::vector<Hash>& proof);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_MERKLE_VERIFY_H_

#include "format/merkle_verify.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "format/limits.h"
#include "format/merkle.h"
#include "format/status_macros.h"
#include "format/translation.h"

namespace disclosure {
namespace {

bool Lsb(uint64_t x) { return (x & 1) != 0; }

// Shifts fn and sn right until fn's lowest bit is set or fn is 0.
void ShiftUntilLsbOrZero(uint64_t& fn, uint64_t& sn) {
  while (!Lsb(fn) && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

absl::StatusOr<Hash> RootFromInclusionProof(uint64_t index, uint64_t tree_size,
                                            const Hash& leaf_hash,
                                            const std::vector<Hash>& proof) {
  if (index >= tree_size) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("leaf index $0 is not below tree size $1"), index, tree_size));
  }
  if (proof.size() > kMaxInclusionProofHashes) {
    return absl::InvalidArgumentError(_("inclusion proof too long"));
  }
  // RFC 9162 section 2.1.3.2.
  uint64_t fn = index;
  uint64_t sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) {
      return absl::InvalidArgumentError(
          _("inclusion proof has more hashes than the tree size allows"));
    }
    if (Lsb(fn) || fn == sn) {
      r = HashChildren(p, r);
      if (!Lsb(fn)) ShiftUntilLsbOrZero(fn, sn);
    } else {
      r = HashChildren(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return absl::InvalidArgumentError(
        _("inclusion proof has fewer hashes than the tree size needs"));
  }
  return r;
}

absl::Status VerifyInclusion(uint64_t index, uint64_t tree_size,
                             const Hash& leaf_hash,
                             const std::vector<Hash>& proof, const Hash& root) {
  DN_ASSIGN_OR_RETURN(Hash computed, RootFromInclusionProof(index, tree_size,
                                                            leaf_hash, proof));
  if (computed != root) {
    return absl::InvalidArgumentError(
        _("inclusion proof does not lead to the expected root"));
  }
  return absl::OkStatus();
}

absl::Status VerifyConsistency(uint64_t size1, uint64_t size2,
                               const Hash& root1, const Hash& root2,
                               const std::vector<Hash>& proof) {
  if (size1 > size2) {
    return absl::InvalidArgumentError(absl::Substitute(
        _("first tree size $0 exceeds second tree size $1"), size1, size2));
  }
  if (proof.size() > kMaxConsistencyProofHashes) {
    return absl::InvalidArgumentError(_("consistency proof too long"));
  }
  if (size1 == size2) {
    if (!proof.empty()) {
      return absl::InvalidArgumentError(
          _("consistency proof between equal sizes must be empty"));
    }
    if (root1 != root2) {
      return absl::InvalidArgumentError(
          _("roots differ for the same tree size"));
    }
    return absl::OkStatus();
  }
  if (size1 == 0) {
    // Every tree extends the empty tree; RFC 9162 defines no proof for it.
    if (!proof.empty()) {
      return absl::InvalidArgumentError(
          _("consistency proof from the empty tree must be empty"));
    }
    if (root1 != EmptyRoot()) {
      return absl::InvalidArgumentError(_("root of the empty tree is wrong"));
    }
    return absl::OkStatus();
  }
  if (proof.empty()) {
    return absl::InvalidArgumentError(_("consistency proof is empty"));
  }
  // RFC 9162 section 2.1.4.2.
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  if ((size1 & (size1 - 1)) == 0) path.push_back(root1);
  path.insert(path.end(), proof.begin(), proof.end());

  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while (Lsb(fn)) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) {
      return absl::InvalidArgumentError(
          _("consistency proof has more hashes than the tree sizes allow"));
    }
    if (Lsb(fn) || fn == sn) {
      fr = HashChildren(c, fr);
      sr = HashChildren(c, sr);
      if (!Lsb(fn)) ShiftUntilLsbOrZero(fn, sn);
    } else {
      sr = HashChildren(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return absl::InvalidArgumentError(
        _("consistency proof has fewer hashes than the tree sizes need"));
  }
  if (fr != root1) {
    return absl::InvalidArgumentError(
        _("consistency proof does not lead to the first root"));
  }
  if (sr != root2) {
    return absl::InvalidArgumentError(
        _("consistency proof does not lead to the second root"));
  }
  return absl::OkStatus();
}

}  // namespace disclosure

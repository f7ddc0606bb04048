// Hard limits on every length the verifiable format accepts. They bound the
// memory and CPU any input can cost a parser or verifier; configuration may
// lower some of them (node and hub limits) but never raise them. Documented
// in README.md ("Limits").
#ifndef DISCLOSURE_FORMAT_LIMITS_H_
#define DISCLOSURE_FORMAT_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace disclosure {

// A signed note (checkpoint, rotation statement) including signatures.
inline constexpr size_t kMaxNoteBytes = 16 * 1024;
// Signature lines in one note. C2SP signed-note asks verifiers to accept at
// least 16.
inline constexpr size_t kMaxNoteSignatures = 32;
// A key name (and a checkpoint origin).
inline constexpr size_t kMaxKeyNameBytes = 256;
// Extension lines after the three mandatory checkpoint lines.
inline constexpr size_t kMaxCheckpointExtensionLines = 8;
// Hashes in one inclusion or consistency proof: a tree of 2^63 leaves needs
// at most 64 (inclusion) or 2*63 (consistency).
inline constexpr size_t kMaxInclusionProofHashes = 64;
inline constexpr size_t kMaxConsistencyProofHashes = 128;
// One serialized DisclosureEntry.
inline constexpr size_t kMaxEntryBytes = 256 * 1024;
// One serialized SnapshotManifest.
inline constexpr size_t kMaxManifestBytes = 4 * 1024;
// Entries in one snapshot.
inline constexpr uint64_t kMaxEntriesPerSnapshot = uint64_t{1} << 20;
// A disclosure entry key ("db/<id>", "stats/<period>", ...).
inline constexpr size_t kMaxEntryKeyBytes = 128;
// A serialized ProofBundle: two entries (absence proof), a manifest, a
// note and proofs, with room to spare.
inline constexpr size_t kMaxProofBundleBytes = 2 * kMaxEntryBytes + 64 * 1024;

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_LIMITS_H_

// libFuzzer target for the signed-note, checkpoint and vkey parsers: any
// input must be rejected cleanly or parsed into something that formats back
// to exactly the same bytes (the parsers accept one spelling only). The
// witness protocol's bodies and witness policies (what a witness or a node
// reads from a peer or a file), and an export's listings (what a verifier
// reads from a mirror), go through their parsers too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "format/checkpoint.h"
#include "format/ed25519.h"
#include "format/export_listing.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "format/witness_policy.h"
#include "format/witness_protocol.h"

namespace {

using namespace disclosure;

const NoteVerifier* FixedVerifier() {
  // A fixed key so that the verifying path runs too.
  static const std::unique_ptr<NoteVerifier> v = [] {
    std::string seed(32, '\x07');
    std::shared_ptr<Ed25519PrivateKey> key = *Ed25519PrivateKey::FromSeed(seed);
    auto signer = *Ed25519NoteSigner::Create("fuzz.example/log", key);
    return *NewNoteVerifier(signer->vkey());
  }();
  return v.get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<ParsedNote> note = ParseNote(input);
  if (note.ok()) {
    std::string again = note->text + "\n";
    for (const NoteSignature& sig : note->signatures) {
      again += FormatSignatureLine(sig);
    }
    if (again != input) std::abort();  // a second spelling was accepted
    (void)OpenNote(input, {FixedVerifier()});
    (void)ParseCheckpoint(note->text);
  }

  absl::StatusOr<Checkpoint> cp = ParseCheckpoint(input);
  if (cp.ok()) {
    absl::StatusOr<std::string> text = FormatCheckpoint(*cp);
    if (!text.ok() || *text != input) std::abort();
  }

  absl::StatusOr<VerifierKey> vkey = ParseVerifierKey(input);
  if (vkey.ok()) {
    if (FormatVerifierKey(vkey->name, vkey->type, vkey->public_key).empty()) {
      std::abort();
    }
  }
  // tlog-witness: a parsed request formats back to something that parses
  // to the same request; replies and policies are refused or parsed.
  absl::StatusOr<AddCheckpointRequest> req = ParseAddCheckpoint(input);
  if (req.ok()) {
    absl::StatusOr<AddCheckpointRequest> again =
        ParseAddCheckpoint(FormatAddCheckpoint(*req));
    if (!again.ok() || again->old_size != req->old_size ||
        again->proof != req->proof || again->checkpoint != req->checkpoint) {
      std::abort();
    }
  }
  (void)ParseTlogSize(input);          // only whether it parses matters
  (void)ParseCosignatureLines(input);  // likewise
  (void)WitnessPolicy::Parse(input);   // likewise
  // An export's listings, read from wherever the export was copied: the
  // top listing is refused or parsed; an agency listing that parses
  // prints back to one that parses to the same listing.
  (void)ParseExportListing(input);  // only whether it parses matters
  absl::StatusOr<AgencyListing> listing = ParseAgencyListing(input);
  if (listing.ok()) {
    absl::StatusOr<AgencyListing> again =
        ParseAgencyListing(AgencyListingText(*listing));
    if (!again.ok() || again->agency_id != listing->agency_id ||
        again->inputs != listing->inputs || again->names != listing->names ||
        again->files != listing->files) {
      std::abort();
    }
  }
  return 0;
}

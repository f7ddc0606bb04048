// An auditor's check of a whole static export of the hub, offline, trusting
// only the keys given (trusted_keys.h), never anything in the export:
//
//   listing     export-manifest.note is signed by a trusted export key and
//               names the SHA-256 of export-manifest.txt
//   files       every listed file exists with its SHA-256; no other file
//   keys        each agency's trusted keys, followed through its rotation
//               statements (each signed by the old and the new key)
//   checkpoint  each agency's checkpoint is signed by its key, cosigned by
//               a trusted cosigner, and has the size the listing names
//   bundles     each bundle proves its entry in that checkpoint
//   tables      each entry of databases.json and statistics.json is the one
//               its bundle proves, and each bundle's entry is listed
//   history     each accepted checkpoint is signed and consistent with the
//               one before; the last is the current one
//   evidence    each piece holds two validly signed, conflicting checkpoints
//
// Every check is recorded in the report, passed or failed, so the auditor
// sees what was checked. VerifyExport itself fails only when the export
// cannot be read at all.
#ifndef DISCLOSURE_TOOLS_VERIFY_EXPORT_VERIFIER_H_
#define DISCLOSURE_TOOLS_VERIFY_EXPORT_VERIFIER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/verify/trusted_keys.h"

namespace disclosure::verify {

struct Check {
  enum Outcome { kPassed, kFailed, kWarning };
  std::string step;  // "listing", "files", "bundles mof", ...
  Outcome outcome = kPassed;
  std::string detail;
};

struct ExportReport {
  std::vector<Check> checks;
  int failures = 0;
  int warnings = 0;
  bool verified() const { return failures == 0; }

  void Pass(std::string step, std::string detail);
  void Fail(std::string step, std::string detail);
  void Warn(std::string step, std::string detail);
};

// Verifies the export in `dir` at `now` (expired snapshots are warnings).
// NotFound / FailedPrecondition when `dir` is not a readable folder.
// `min_cosignatures`: every checkpoint and bundle must carry at least this
// many cosignatures by distinct trusted cosignature keys (the hub's and
// independent witnesses').
absl::StatusOr<ExportReport> VerifyExport(const std::string& dir,
                                          const TrustedKeys& keys,
                                          absl::Time now,
                                          size_t min_cosignatures = 1);

}  // namespace disclosure::verify

#endif  // DISCLOSURE_TOOLS_VERIFY_EXPORT_VERIFIER_H_

// Two short programs the export carries under examples/ and verify.html
// shows in full: an auditor checks the export with tools nobody in this
// project wrote. tests/interop/go_note_test runs both on a real export.
//
//   examples/verify-note.go          Go, golang.org/x/mod/sumdb/note: opens
//                                    export-manifest.note (or any signed
//                                    note) under one verifier key.
//   examples/verify-checkpoint.py    Python, the `cryptography` package:
//                                    checks an agency's checkpoint: the
//                                    agency's signature and each witness's
//                                    cosignature (C2SP signed-note and
//                                    tlog-cosignature).
#ifndef DISCLOSURE_HUB_EXPORT_VERIFY_EXAMPLES_H_
#define DISCLOSURE_HUB_EXPORT_VERIFY_EXAMPLES_H_

#include <string_view>

namespace disclosure::hub {

extern const std::string_view kVerifyNoteGo;
extern const std::string_view kVerifyCheckpointPy;

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_VERIFY_EXAMPLES_H_

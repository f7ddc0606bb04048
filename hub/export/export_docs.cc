#include "hub/export/export_docs.h"

#include "absl/strings/str_cat.h"
#include "format/status_macros.h"
#include "hub/export/embedded_protos.h"
#include "hub/export/verify_examples.h"

namespace disclosure::hub {
namespace {

constexpr absl::string_view kReadme = R"md(# disclosure-net public export

政府機關個人資料運用公開資料：各機關保有之個人資料庫（目的外利用、資料串連、
法律依據、當事人權利行使方式）及向電信與網路業者調取使用者資料之統計。每一筆
資料都由機關簽署，並由協調中心（hub）副署；本資料夾內的證明檔可離線驗證。

This folder is the coordinating office's public export: every agency's
disclosures of the databases of personal data it holds and of its requests to
telecom and internet providers, as the agencies signed them, with the proofs
to check them. `index.html`, when present, is the site built from the same
files. How to check everything is in `VERIFY.md`.

## Spelling of codes

Every file spells a code one way: enum values by their name in the `.proto`
files under `proto/` (for example `PROVIDER_TYPE_MOBILE_TELECOM`), specific
purposes and data categories by the code of the official list (`157`,
`C001`). `labels.json` gives the Traditional Chinese and English name of every
one of them; the CSV files repeat the names in `_zh` and `_en` columns (and in
`*_names` columns for lists of codes). JSON files are the proto3 JSON form of
the messages named below (field names as in the `.proto` files, bytes in
base64, 64-bit integers as strings). `databases.json`, `profiles.json` and
`linkages.json` leave out every field at its default (an empty text, 0,
`false`, an unset code): such a field was not stated, and a JSON reader
that parses the message gets the default back. The other files print
default values, but for the numbers `statistics.json` leaves out (see
"Counting").

## Files

| File | What it holds |
|---|---|
| `agencies.json` | one `AgencySummary` per registered agency: names, freshness at export time, `expires_at`, the cosigned checkpoint, counts |
| `databases.json`, `databases.csv` | one `ExportedDatabase` per database entry (withdrawn ones included, `status` says so), with its bundle's path and the names of its codes |
| `profiles.json` | each agency's signed profile (contact, data protection officer) |
| `statistics.json` | one `ExportedStatistics` per agency and period, as signed |
| `statistics.csv` | the rows of every reported period (see "Counting") |
| `statistics-totals.csv` | one line per agency and period: reporting status and signed totals |
| `linkages.json`, `linkages.csv` | every declared linkage between databases, with its direction |
| `coverage.json` | how far the federation meets the plan's milestones |
| `participation.csv` | when the hub takes questions from the site: per agency and entry, the questions and opinions received, answered within the deadline, answered late, waiting and overdue (counted by the hub; the answers themselves are the agencies' signed `answers/<id>` entries, in their bundles) |
| `consultations.csv` | when the hub takes questions from the site: every consultation round the coordinating office opened, newest first, with its entries, documents, platform link, dates, and its opinions adopted, partly adopted, not adopted, waiting and overdue (each handling is the agency's signed `answers/<id>` entry) |
| `keys/hub-participation.vkey` | the key the hub signs receipts for questions and opinions with (a signed note; see "Participation receipts" below) |
| `labels.json` | names of every code (`ExportLabels`) |
| `keys/keys.json` | `ExportKeys`: every agency's pinned and current keys with its rotation statements, the hub's cosigner key, the export-signing key |
| `keys/*.vkey`, `keys/agencies/<agency>.vkey` | the same keys, one per line, for tools that take key files |
| `checkpoints/<agency>.note` | the agency's latest checkpoint, signed by the agency and cosigned by the hub |
| `history/<agency>.json` | `CheckpointHistory`: every checkpoint the hub accepted, each with a consistency proof from the one before |
| `bundles/<agency>/<key>.bundle` | a serialized `ProofBundle` for every entry of the agency's latest snapshot: `agency`, `db/<id>`, `stats/<period>`, `keys/<key id>`, `answers/<submission id>` |
| `evidence/<agency>.json`, `evidence/<agency>/<n>-held.note`, `-offered.note` | two validly signed checkpoints of one log that cannot both be honest (a rollback or a fork), kept when the hub refused the second |
| `proto/` | the `.proto` files of the schema |
| `listings/<agency>.txt` | the SHA-256 of every file of one agency (its bundles, checkpoint, history, evidence, log tiles, database pages, and its list pages `databases/<agency>.html` (500 databases a page, then `-2.html` and on) and `who/<agency>.html`, in both languages) |
| `export-manifest.txt` | the SHA-256 of every other file above, the agency listings among them |
| `export-manifest.note` | a signed note committing to `export-manifest.txt` |

Files that did not change since the previous export keep their bytes and
their modification time, so a mirror (`rsync -a`, an object-store sync)
moves only what changed.

## Counting (statistics)

- `statistics.csv` has one line per row of a reported period. Rows are
  disjoint: each request of the period is counted in exactly one row, so
  summing a count column over one agency and one period gives that period's
  total in `statistics-totals.csv`. Never add `statistics-totals.csv` to
  `statistics.csv`.
- A row with `banded` true had fewer requests than the agency's small-count
  threshold: its counts are withheld (empty cells; `band`, such as `1-9`,
  gives the range, and the threshold is one more than its upper end). The
  period's total is then not published either, so the withheld counts
  cannot be recovered by subtraction: `statistics-totals.csv` leaves its
  count cells empty and gives `banded_rows` and the range the signed rows
  allow, `requests_low` to `requests_high` (the published rows plus each
  band). The signed totals cover the published rows only
  (`totals_include_suppressed` false); `statistics.json` moves them to
  `published_rows_totals` and gives the range as `total_requests`.
- `statistics.json` leaves out every number that would read as a count but
  is none: a banded row's `counts`, the `totals` of a period with banded
  rows or not tracked, a withheld `record_count`, and `subjects_notified`
  unless above zero. The proof bundle holds the signed bytes in full.
- A row with a `withheld` cell is withheld by law (snapshot format 2): its
  count cells, `band` and `requests_by_data_type` are empty, and `withheld`
  gives `row=<ground>|<deciding unit>|<review date>`. The period's total is
  then unknown, with no upper bound: `statistics-totals.csv` leaves its
  count cells and `requests_high` empty, `requests_low` counts the
  published rows and bands, and `withheld_rows` says how many rows are
  withheld. `statistics.json` gives `withheld_rows` and no
  `total_requests`.
- `requests_by_data_type` overlaps by design: a request for two data types
  counts under both. It is not a count column; do not sum it.
- `reporting_status` `REPORTING_STATUS_NOT_TRACKED` means the agency keeps no
  such record: its count cells are empty, never zero.
  `REPORTING_STATUS_ZERO` means it tracked and sent none.
- `synthetic` true marks demonstration data.
- `version` above 1 means the period was corrected after its first
  publication; `correction_note` says why.

## Withholding

Snapshot format 2 lets an agency sign that something is withheld (限制公開)
instead of leaving it out: a field of a database, a use, a use's
recipient, a linkage, or a statistics row. Each carries its ground (an
item of 政府資訊公開法 §18(1), or another law), the deciding unit and a
review date. In `databases.json` they are the entry's `withheld_fields`
and the `withheld` / `recipient_withheld` of its uses and linkages; in
`databases.csv` the `withheld` column lists them as
`<what>=<ground>|<deciding unit>|<review date>`, separated by `;`, and the
withheld fields' own cells are empty. A withheld field is absent from the
signed bytes: it is not in the bundle either.

## Participation receipts

A question or opinion left on a page of the site gets a receipt: a signed
note (c2sp.org/signed-note) by the key in `keys/hub-participation.vkey`,
whose text names the submission's id, the agency, the entry, its kind,
whether the person allowed publication, the SHA-256 of the text as sent
and the time it was received. It holds neither the text nor the contact.
`examples/verify-note.go` opens it like any other note; an agency's answer
is its signed entry `answers/<id>`, which repeats the receipt's id, entry,
kind and hash. `participation.csv` counts what each agency received and
answered: an answer counts from the time the hub first held it signed, and
within the deadline when that is before it.

An opinion given in a consultation round has one more line on its
receipt, `consultation <round id>`; the agency's signed answer names the
same round and says how it handled the opinion (`handling`: adopted,
partly adopted or not adopted, with the reason as the answer). Its
deadline counts from the end of the round's closing day.

## Freshness

`agencies.json` gives each agency's freshness at export time
(`FRESHNESS_FRESH`, `FRESHNESS_OVERDUE`, `FRESHNESS_UNREACHABLE`,
`FRESHNESS_MISBEHAVING`, `FRESHNESS_NEVER_HARVESTED`) and `expires_at`: a reader
should treat data whose `expires_at` has passed as overdue whatever the file
says. The hub rewrites the export whenever an agency's state changes.

## Linkages

`direction` is stated by the database that declares the linkage
(`from_entry_id`): `DIRECTION_OUTBOUND` (its data goes to `to`),
`DIRECTION_INBOUND` (data of `to` comes into it) or `DIRECTION_BOTH`. `to` is
an entry id in the federation or `external:<name>`; `dangling` marks a
federation entry the hub does not hold.
)md";

constexpr absl::string_view kVerify = R"md(# Verifying this export

Trust nothing in this folder until it is checked; trust only keys you got from
elsewhere: each agency's verifier key (from the agency itself or the
coordinating office's register), the hub's cosigner key, the witnesses' keys
and the export-signing key. The copies in `keys/` come with the data: whoever
could change the data could change them too, so they prove nothing on their
own. Compare each with the fingerprints the coordinating office publishes
outside this site (`sha256sum keys/*.vkey keys/agencies/*.vkey`), then use
your checked copies. `verify.html` (and `en/verify.html`) walks through the
same steps in Chinese and English, with two programs in `examples/` that use
only Go's `golang.org/x/mod/sumdb/note` and Python's `cryptography`.

## With disclosurectl

    disclosurectl verify export DIR --trusted-keys KEYS

`KEYS` is a file of verifier keys (one per line) or a folder of `.vkey`
files. The command checks, printing each step (`--json` for scripts):

1. `export-manifest.note` is signed by a trusted key, and names the SHA-256
   of `export-manifest.txt`;
2. every agency listing `listings/<agency>.txt` named there has that
   SHA-256, and every file listed in either exists with its SHA-256, and no
   file is present that no listing names;
3. every agency's checkpoint is signed by one of its trusted keys (or by a key
   reached from one through rotation statements signed by both keys) and
   cosigned by a trusted cosigner key;
4. every proof bundle proves its entry in that checkpoint;
5. every entry of `databases.json` and `statistics.json` is the entry its
   bundle proves;
6. every checkpoint of `history/` is signed, and each is consistent with the
   one before;
7. every piece of evidence holds two validly signed, conflicting checkpoints.

Exit status: 0 verified, 1 a check failed (the reason is printed), 2 usage or
I/O error. One bundle alone:

    disclosurectl bundle verify --in bundles/AGENCY/db/ID.bundle \
        --vkey AGENCY.vkey --witness hub.vkey --min-cosignatures 1

## Without it

Everything uses public formats; any language can check it.

- **Signed notes** (`*.note`, checkpoints): the C2SP signed-note format
  (c2sp.org/signed-note); Ed25519 signatures, key ids as there. Go's
  `golang.org/x/mod/sumdb/note` opens `export-manifest.note` with the export
  key from `keys/export-signer.vkey`. The hub's cosignatures are C2SP
  `cosignature/v1` lines (c2sp.org/tlog-cosignature).
- **Checkpoints**: C2SP tlog-checkpoint text: origin, tree size, base64
  root hash. The origin of an agency's log is `<trust domain>/agency/<id>`.
- **Merkle trees**: RFC 6962 / RFC 9162 with SHA-256: leaf hash
  `SHA-256(0x00 || bytes)`, node hash `SHA-256(0x01 || left || right)`;
  inclusion and consistency proofs as in RFC 9162 section 2.1.
- **Proof bundles**: a `ProofBundle` message (`proto/disclosure/v1/proof.proto`)
  in protobuf binary form. Check, in order: the entry's bytes are a leaf of
  the manifest's `entries_root` (`present.proof`); the manifest's bytes are
  leaf number `sequence` of the checkpoint's tree (`manifest_proof`); the
  checkpoint is signed by the agency and cosigned by the hub. Only then parse
  the entry (`DisclosureEntry`, `entry.proto`). An `absent` bundle proves a
  key is not in the snapshot through its two neighbours, adjacent leaves.
- **Rotation statements**: a signed note whose text is
  `disclosure-net/key-rotation/v1`, `origin`, `old <vkey>`, `new <vkey>`,
  `time`, signed by both keys; trust passes from the old key to the new one.
- **History**: in `history/<agency>.json`, each checkpoint's
  `consistency_from_previous` proves (RFC 9162 consistency proof) that its
  tree extends the previous checkpoint's tree.
- **The listing**: `export-manifest.txt` (first line
  `disclosure-net/export/v3`) names each file that belongs to no agency
  with the hex SHA-256 of its bytes (`file <sha256> <path>`), in the order
  the files were written, and each agency listing `listings/<agency>.txt`
  the same way. An agency listing (first line
  `disclosure-net/export-agency/v1`, then `agency <id>`, `inputs <digest>`
  and perhaps `names ...`, which prove nothing) names the agency's files
  with their SHA-256, sorted by path. The note's text names the top
  listing's own SHA-256. No path is listed twice.
)md";

}  // namespace

absl::Status WriteExportDocs(const std::string& dir, ExportListing* listing) {
  DN_RETURN_IF_ERROR(WriteExportFile(dir, "README.md", kReadme, listing));
  DN_RETURN_IF_ERROR(WriteExportFile(dir, "VERIFY.md", kVerify, listing));
  for (const auto& [name, text] :
       {std::pair{"examples/verify-note.go", kVerifyNoteGo},
        std::pair{"examples/verify-checkpoint.py", kVerifyCheckpointPy}}) {
    DN_RETURN_IF_ERROR(WriteExportFile(
        dir, name, absl::string_view(text.data(), text.size()), listing));
  }
  for (const EmbeddedFile& f : EmbeddedProtos()) {
    DN_RETURN_IF_ERROR(WriteExportFile(
        dir, absl::StrCat("proto/", std::string(f.path)),
        absl::string_view(f.text.data(), f.text.size()), listing));
  }
  return absl::OkStatus();
}

}  // namespace disclosure::hub

// Explicit withholding (限制公開), the rule of snapshot format 2.
//
// Disclosure is the rule and 政府資訊公開法 §18(1) the exception. Rather than
// leave out what it will not show, an agency signs a Withholding in its
// place: a field of a database entry, a whole use, a use's recipient, a
// linkage, or the counts of a statistics row. Readers then show that
// something exists and why it is withheld.
//
// What the format guarantees, and every reader checks (CheckEntryFormat):
//   - format 1 carries no withholding and states no statistics scope: an
//     older reader would show a withheld field as missing;
//   - format 2: every Withholding names a ground (one item of §18(1), 1 to
//     9, or another law by its statute, not both), a deciding unit and a
//     review date "YYYY-MM-DD";
//   - what is withheld is really absent from the signed bytes: a withheld
//     field is unset, a withheld use keeps only its use_id, a withheld
//     linkage nothing else, a withheld row no counts, band or data types;
//   - a period with a withheld row neither publishes totals that include it
//     nor its record count (subtraction would give the counts back), as
//     for a banded row;
//   - format 2 statistics may state their scope (a node writing format 2
//     states it for every period it builds; a period signed under format 1
//     and carried forward unchanged keeps its bytes, without one).
#ifndef DISCLOSURE_FORMAT_WITHHOLDING_H_
#define DISCLOSURE_FORMAT_WITHHOLDING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/entry.pb.h"
#include "disclosure/v1/statistics.pb.h"
#include "format/translation.h"

namespace disclosure {

// The first snapshot format that carries withholding.
inline constexpr uint32_t kWithholdingFormatVersion = 2;

// The items (款) of 政府資訊公開法 §18(1).
inline constexpr int kArticle18Items = 9;

// One problem, at a field path within the checked message.
struct FieldProblem {
  std::string field;
  Message message;
};

// "YYYY-MM-DD" and a real calendar date.
bool IsCalendarDate(const std::string& date);

// Whether the DatabaseEntry field `name` may be withheld: any field but
// those that identify the entry and its version (database_id, agency_id,
// file_name, status, version, modified, change_note, synthetic) and the
// lists withheld item by item (linkages, out_of_purpose_uses).
bool IsWithholdableField(absl::string_view name);
// All of them, in declaration order, for help texts and templates.
const std::vector<std::string>& WithholdableFields();

// Problems of one Withholding, at `field`.
void CheckWithholding(const disclosure::v1::Withholding& w,
                      const std::string& field, std::vector<FieldProblem>* out);

// Problems of the withholding in `db` under snapshot format
// `format_version`, with field paths within the entry.
std::vector<FieldProblem> DatabaseWithholdingProblems(
    const disclosure::v1::DatabaseEntry& db, uint32_t format_version);

// The same for a period's statistics, including its scope.
std::vector<FieldProblem> StatisticsWithholdingProblems(
    const disclosure::v1::RequestStatistics& stats, uint32_t format_version);

// OK iff `entry` keeps the rules above for a snapshot of `format_version`
// (and an answer entry those of format/participation.h);
// InvalidArgument naming the entry's key and the first problem otherwise.
absl::Status CheckEntryFormat(const disclosure::v1::DisclosureEntry& entry,
                              uint32_t format_version);

// One withheld item of an entry, for listings and counts: what is withheld
// (a field name, "out_of_purpose_uses[<use_id>]", ".../recipient",
// "linkages[<i>]", "rows[<i>]") and the decision.
struct WithheldItem {
  std::string what;
  const disclosure::v1::Withholding* withholding;
};
std::vector<WithheldItem> WithheldItems(
    const disclosure::v1::DatabaseEntry& db);
std::vector<WithheldItem> WithheldItems(
    const disclosure::v1::RequestStatistics& stats);

// The ground in words, the same in every output:
// "政府資訊公開法第18條第1項第3款" or the other law's statute and article.
std::string WithholdingGround(const disclosure::v1::Withholding& w);

// "what=ground|deciding unit|review date" for each item, joined by ";":
// the withheld column of the public CSV files.
std::string WithheldCell(const std::vector<WithheldItem>& items);

// Whether the decision's review date is before `today` ("YYYY-MM-DD").
bool ReviewOverdue(const disclosure::v1::Withholding& w,
                   const std::string& today);

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_WITHHOLDING_H_

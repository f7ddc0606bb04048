#include "hub/export/export_participation.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/csv.h"
#include "core/periods.h"
#include "format/status_macros.h"
#include "hub/participation/consultation_book.h"

namespace disclosure::hub {
namespace {

// Every round, newest first: what it is about, its dates and links, and
// what became of its opinions. Each entry is "agency/entry", joined by
// spaces; each document "title <url>", joined by newlines.
std::string RoundsCsv(const ParticipationView& view) {
  std::string csv =
      "round_id,title_zh_tw,title_en,state,opened_at,closes_on,closed_at,"
      "entries,documents,platform_url,opinions,adopted,partly_adopted,"
      "not_adopted,waiting,overdue\n";
  for (const RoundView& r : view.rounds) {
    const auto& round = r.round;
    std::vector<std::string> entries, documents;
    for (const auto& e : round.entries())
      entries.push_back(absl::StrCat(e.agency_id(), "/", e.concerns()));
    for (const auto& d : round.documents())
      documents.push_back(absl::StrCat(d.title(), " <", d.url(), ">"));
    const RoundCounts& c = r.counts;
    absl::StrAppend(
        &csv, CsvQuote(round.id()), ",", CsvQuote(round.title_zh_tw()), ",",
        CsvQuote(round.title_en()), ",", r.open ? "open" : "closed", ",",
        TaipeiDateTime(round.opened_at()), ",", round.closes_on(), ",",
        r.open ? "" : TaipeiDateTime(RoundClosedAt(round)), ",",
        CsvQuote(absl::StrJoin(entries, " ")), ",",
        CsvQuote(absl::StrJoin(documents, "\n")), ",",
        CsvQuote(round.platform_url()), ",", c.opinions, ",", c.adopted, ",",
        c.partly_adopted, ",", c.not_adopted, ",", c.waiting, ",", c.overdue,
        "\n");
  }
  return csv;
}

}  // namespace

absl::Status WriteParticipation(const ParticipationView& view,
                                const std::string& dir,
                                ExportListing* listing) {
  DN_RETURN_IF_ERROR(WriteExportFile(dir, "keys/hub-participation.vkey",
                                     view.receipt_vkey + "\n", listing));
  std::string csv =
      "agency_id,concerns,received,answered_in_time,answered_late,waiting,"
      "overdue\n";
  for (const auto& [agency_id, a] : view.agencies) {
    for (const auto& [key, c] : a.by_entry) {
      absl::StrAppend(&csv, CsvQuote(agency_id), ",", CsvQuote(key), ",",
                      c.received, ",", c.answered_in_time, ",", c.answered_late,
                      ",", c.open, ",", c.overdue, "\n");
    }
  }
  DN_RETURN_IF_ERROR(WriteExportFile(dir, "participation.csv", csv, listing));
  return WriteExportFile(dir, "consultations.csv", RoundsCsv(view), listing);
}

}  // namespace disclosure::hub

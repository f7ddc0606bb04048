// libFuzzer target for the spreadsheet importer: CSV decoding (UTF-8, BOM,
// Big5/CP950), the CSV parser, and cell-to-proto mapping of every table.
// Any input must be accepted or refused with problems, never crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/csv.h"
#include "sheets/tables.h"
#include "tools/import/csv_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using namespace disclosure;
  const auto& tables = sheets::AllTables();
  const sheets::TableSpec& spec = tables[data[0] % tables.size()];
  const std::string raw(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string encoding;
  absl::StatusOr<std::string> text = DecodeToUtf8(raw, &encoding);
  if (!text.ok()) return 0;
  CsvLimits limits;
  limits.max_rows = 2000;
  limits.max_field_bytes = 8192;
  import::ProblemList problems;
  size_t rows = 0;
  import::ParseTableText(
      spec, "fuzz.csv", *text, limits,
      [&](google::protobuf::Message& m, const std::string&, size_t) {
        rows += m.ByteSizeLong() > 0 ? 1 : 0;
},
      &problems);
return 0;
}

// libFuzzer target: any bytes as a workbook. ReadXlsxSheet must return
// rows or an error, never crash, hang or read out of bounds, whatever the
// zip container or the XML inside holds.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "sheets/xlsx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // minizip reads files: the input goes through one.
  static const std::string path =
      "/tmp/xlsx_fuzzer." + std::to_string(getpid()) + ".xlsx";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  disclosure::sheets::XlsxLimits limits;
  limits.max_part_bytes = 4 << 20;  // keep each run fast
  auto rows = disclosure::sheets::ReadXlsxSheet(path, "requests", limits);
  if (rows.ok()) {
    for (const auto& row : *rows) {
      if (row.fields.size() > limits.max_columns) __builtin_trap();
    }
  }
  return 0;
}

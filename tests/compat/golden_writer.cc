// Writes the golden files of a format this release writes
// (tests/compat/golden_format.h) into a folder. Run only to add the files
// of a NEW format:
//
//   build/tests/compat/golden_writer 2 tests/testdata/format-2
//
// The files of an existing format are never rewritten: a later release
// must still read them (golden_files_test).
#include <iostream>
#include <string>

#include "tests/compat/golden_format.h"
#include "tests/testing/test_data.h"

int main(int argc, char** argv) {
  const std::string format = argc == 3 ? argv[1] : "";
  if (format != "1" && format != "2") {
    std::cerr << "usage: golden_writer FORMAT DIR   (FORMAT 1 or 2)\n";
    return 2;
  }
  disclosure::testing::TempDir work;
  absl::Status s = disclosure::testing::WriteGoldenFiles(argv[2], work.path(),
                                                         format == "1" ? 1 : 2);
  if (!s.ok()) {
    std::cerr << "golden_writer: " << s << "\n";
    return 1;
  }
  return 0;
}

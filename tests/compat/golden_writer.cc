// Writes the golden files of the current format (tests/compat/golden_format.h)
// into a folder. Run only to add the files of a NEW format:
//
//   build/tests/compat/golden_writer tests/testdata/format-2
//
// The files of an existing format are never rewritten: a later release
// must still read them (golden_files_test).
#include <iostream>

#include "tests/compat/golden_format.h"
#include "tests/testing/test_data.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: golden_writer DIR\n";
    return 2;
  }
  disclosure::testing::TempDir work;
  absl::Status s = disclosure::testing::WriteGoldenFiles(argv[1], work.path());
  if (!s.ok()) {
    std::cerr << "golden_writer: " << s << "\n";
    return 1;
  }
  return 0;
}

#!/usr/bin/env python3
"""Shows that check_layers.py refuses what the format library may not use,
and lets through what it may."""
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import check_layers as layers  # noqa: E402


class FormatBoundaryTest(unittest.TestCase):
    def problems(self, text):
        return list(layers.format_problems("format/x.cc", text))

    def test_lets_through_what_the_format_may_use(self):
        self.assertEqual(self.problems(
            '#include "format/note.h"\n#include "absl/strings/str_cat.h"\n'
            '#include "disclosure/v1/entry.pb.h"\n#include <openssl/evp.h>\n'
            "#include <libintl.h>\n#include <string>\n#include <cstdint>\n"), [])

    def test_refuses_the_rest_of_the_project_and_other_libraries(self):
        self.assertEqual(len(self.problems('#include "core/csv.h"\n')), 1)
        self.assertEqual(len(self.problems("#include <grpcpp/grpcpp.h>\n")), 1)
        self.assertEqual(len(self.problems('#include "rocksdb/db.h"\n')), 1)

    def test_other_layers_may_not_include_upwards(self):
        self.assertEqual(layers.layer_of("format/note.h"), "format")
        self.assertNotIn("core", layers.ALLOWED["format"])
        self.assertIn("format", layers.ALLOWED["core"])


if __name__ == "__main__":
    unittest.main()

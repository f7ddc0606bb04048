#!/usr/bin/env python3
"""Shows that each rule of check_code_rules.py finds what it is for, and
leaves alone what it is not for."""
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import check_code_rules as rules  # noqa: E402


class CodeRulesTest(unittest.TestCase):
    def hand(self, text, name="x.cc"):
        return list(rules.hand_propagation(pathlib.Path(name), text.splitlines()))

    def test_finds_an_error_passed_up_by_hand(self):
        self.assertEqual(self.hand("  if (!s.ok()) return s;"), [1])
        self.assertEqual(self.hand("  if (!v.ok()) return v.status();"), [1])
        self.assertEqual(
            self.hand("  if (!v.ok()) return ToGrpcStatus(v.status());"), [1])
        self.assertEqual(
            self.hand("  if (auto s = Run(); !s.ok()) return s;"), [1])

    def test_leaves_an_error_changed_on_its_way_up(self):
        self.assertEqual(self.hand('  if (!v.ok()) return Wrap(v.status(), "a");'), [])
        self.assertEqual(self.hand("  if (!s.ok()) return FromRocks(s, \"r\");"), [])
        self.assertEqual(self.hand("  DN_RETURN_IF_ERROR(Run());"), [])
        self.assertEqual(self.hand("  // if (!s.ok()) return s;"), [])

    def test_the_macros_own_header_is_exempt(self):
        self.assertEqual(
            self.hand("  if (!s.ok()) return s;", name="status_macros.h"), [])

    def test_finds_an_unexplained_void(self):
        self.assertEqual(list(rules.unexplained_voids(["  (void)Run();"])), [1])
        self.assertEqual(
            list(rules.unexplained_voids(["  // best effort", "  (void)Run();"])), [])
        self.assertEqual(
            list(rules.unexplained_voids(["  (void)Run();  // best effort"])), [])


if __name__ == "__main__":
    unittest.main()

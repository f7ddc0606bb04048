#!/usr/bin/env python3
"""Fails on two things a reviewer would otherwise have to catch by eye:

- a production source file over 600 lines (split it along its concerns);
- a result thrown away with `(void)` and no comment saying why, on the same
  line or in the three lines above (Debian's Abseil does not mark
  absl::Status must-use, so nothing else warns about a silent drop);
- an error passed up by hand (`if (!x.ok()) return x.status();`, or
  `return s;`) where the one idiom is DN_RETURN_IF_ERROR or
  DN_ASSIGN_OR_RETURN (format/status_macros.h; DN_GRPC_* in gRPC methods).
  An error that is changed on its way up (wrapped, given a code or a
  message) is written out, and is not matched.

Run from the repository root: tests/layering/check_code_rules.py
"""
import pathlib
import re
import sys

PRODUCTION = ["format", "core", "node", "hub", "tools", "transport", "storage",
              "metrics", "sheets", "witness"]
MAX_LINES = 600
# `if (!x.ok()) return x;`, `... return x.status();`, the same through
# ToGrpcStatus, and `if (auto s = f(); !s.ok()) return s;`.
HAND_PROPAGATION = re.compile(
    r"!(\w+)\.ok\(\)\) return (?:ToGrpcStatus\()?\1(?:\.status\(\))?\)?;")
MACRO_FILES = {"status_macros.h", "grpc_status.h"}


def production_files():
    for top in PRODUCTION:
        for path in sorted(pathlib.Path(top).rglob("*")):
            if path.suffix in (".cc", ".h") and not path.name.endswith("_test.cc"):
                yield path


def unexplained_voids(lines):
    for i, line in enumerate(lines):
        if "(void)" not in line.split("//")[0]:
            continue
        if "//" in line:
            continue
        above = lines[max(0, i - 3):i]
        if any(l.strip().startswith("//") for l in above):
            continue
        yield i + 1


def hand_propagation(path, lines):
    if path.name in MACRO_FILES:
        return
    for i, line in enumerate(lines):
        if HAND_PROPAGATION.search(line.split("//")[0]):
            yield i + 1


def main():
    problems = []
    for path in production_files():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_LINES:
            problems.append(f"{path}: {len(lines)} lines, over {MAX_LINES}")
        for n in unexplained_voids(lines):
            problems.append(f"{path}:{n}: (void) without a comment saying why")
        for n in hand_propagation(path, lines):
            problems.append(f"{path}:{n}: an error passed up by hand; use "
                            "DN_RETURN_IF_ERROR or DN_ASSIGN_OR_RETURN")
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

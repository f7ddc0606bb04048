#!/usr/bin/env python3
"""Fails on a silently dropped absl::Status or absl::StatusOr.

Debian's Abseil marks Status and StatusOr must-use only under clang (its
ABSL_MUST_USE_RESULT is empty for gcc, which builds the project), so gcc
never warns when a call's status is thrown away. This check parses every
production source file with clang (syntax only, no code generated), using
the build's compile_commands.json, and fails on any -Wunused-result
warning. A drop that is meant is written `(void)call();` with a comment
saying why (check_code_rules.py requires the comment).

  tests/layering/check_dropped_status.py BUILD_DIR [JOBS]
Exits 77 (skipped) when clang++ is not installed.
"""
import concurrent.futures
import json
import os
import shlex
import shutil
import subprocess
import sys

PRODUCTION = ["core", "node", "hub", "tools", "transport", "storage",
              "metrics", "sheets", "witness"]


def clang_command(entry):
    args = shlex.split(entry["command"])[1:]
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c":
            continue
        out.append(a)
    return ["clang++", "-fsyntax-only", "-Wno-unknown-warning-option",
            "-Werror=unused-result"] + out


def check(entry):
    r = subprocess.run(clang_command(entry), cwd=entry["directory"],
                       capture_output=True, text=True)
    lines = [l for l in r.stderr.splitlines() if "unused-result" in l]
    if r.returncode != 0 and not lines:
        lines = [f"{entry['file']}: clang could not parse it:"] + \
            r.stderr.splitlines()[:5]
    return lines


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    if shutil.which("clang++") is None:
        print("skipped: clang++ is not installed")
        return 77
    build = sys.argv[1]
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count() or 2
    root = os.path.abspath(".")
    entries = [e for e in json.load(open(os.path.join(build,
                                                      "compile_commands.json")))
               if any(e["file"].startswith(os.path.join(root, d) + "/")
                      for d in PRODUCTION)]
    problems = []
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for lines in pool.map(check, entries):
            problems += lines
    for p in problems:
        print(p)
    print(f"{len(entries)} files parsed, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

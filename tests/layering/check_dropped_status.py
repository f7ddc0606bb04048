#!/usr/bin/env python3
"""Fails on a silently dropped absl::Status or absl::StatusOr.

Debian's Abseil marks Status and StatusOr must-use only under clang (its
ABSL_MUST_USE_RESULT is empty for gcc, which builds the project), so gcc
never warns when a call's status is thrown away. This check parses every
production source file with clang (syntax only, no code generated), using
the build's compile_commands.json, and fails on any -Wunused-result
warning. A drop that is meant is written `(void)call();` with a comment
saying why (check_code_rules.py requires the comment).

Most of clang's time goes to the same third-party headers (gRPC,
protobuf, Abseil, RocksDB) in every file, so files compiled with the same
options share one precompiled header of those headers: the check then takes
about half as long. A group whose header does not build is parsed without.

  tests/layering/check_dropped_status.py BUILD_DIR [JOBS]
Exits 77 (skipped) when clang++ is not installed.
"""
import collections
import concurrent.futures
import functools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

PRODUCTION = ["format", "core", "node", "hub", "tools", "transport", "storage",
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


# Headers worth precompiling: the C++ library's and the third parties'
# that every layer includes. Project headers are left out: they are what
# is being checked.
SHARED_HEADER = re.compile(
    r'^#include ([<"](?:absl/|google/protobuf/|grpcpp/|rocksdb/|'
    r'disclosure/v1/)[^">]+[">]|<[a-z_]+>)', re.M)
# Groups smaller than this parse faster without a header of their own.
MIN_GROUP = 5


def split_includes(command):
    """(include folder options, each a tuple such as ("-Ifoo",) or
    ("-isystem", "foo"); the other options) of a clang command."""
    includes, others, i = [], [], 0
    while i < len(command):
        if command[i] == "-isystem":
            includes.append(tuple(command[i:i + 2]))
            i += 2
            continue
        if command[i].startswith("-I"):
            includes.append((command[i],))
        else:
            others.append(command[i])
        i += 1
    return includes, others


def options_of(entry):
    """What a precompiled header must share with the file: every option
    but the include folders and the file itself."""
    _, others = split_includes(clang_command(entry))
    return tuple(a for a in others if a != entry["file"])


PROJECT_INCLUDE = re.compile(r'^#include "([a-z_]+/[^"]+\.h)"', re.M)
# Headers whose parsing is the cost worth sharing.
HEAVY = ("<grpcpp/", '"grpcpp/', '"google/protobuf/', '"rocksdb/', "<rocksdb/",
         '"disclosure/v1/')


_VISITING = set()  # headers being read, against include cycles


@functools.lru_cache(maxsize=None)
def third_party_headers(path):
    """The shared headers `path` includes, through the project's own (each
    file read once however many include it)."""
    if path in _VISITING or not os.path.exists(path):
        return frozenset()
    _VISITING.add(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    found = set(SHARED_HEADER.findall(text))
    for inc in PROJECT_INCLUDE.findall(text):
        found |= third_party_headers(inc)
    _VISITING.discard(path)
    return frozenset(found)


def shared_headers(entries):
    found = set()
    for e in entries:
        found |= third_party_headers(os.path.relpath(e["file"]))
    return sorted(found)


def is_heavy(entry):
    """Whether the file pulls in gRPC, protobuf or RocksDB: only then is a
    precompiled header worth loading (a small file parses faster alone)."""
    return any(h.startswith(HEAVY)
               for h in third_party_headers(os.path.relpath(entry["file"])))


def build_pch(entries, workdir, n):
    """A precompiled header for `entries` (same options), or None. The
    headers were read before (with_pchs), in one thread."""
    header = os.path.join(workdir, f"group{n}.h")
    with open(header, "w", encoding="utf-8") as f:
        f.writelines(f"#include {h}\n" for h in shared_headers(entries))
    # Every include folder of the group, so that each header is found.
    includes = []
    for e in entries:
        for option in split_includes(clang_command(e))[0]:
            if option not in includes:
                includes.append(option)
    flags = [a for option in includes for a in option]
    flags += [a for a in options_of(entries[0])[1:] if a != "-fsyntax-only"]
    pch = header + ".pch"
    r = subprocess.run(["clang++"] + flags + ["-x", "c++-header", header,
                                              "-o", pch],
                       cwd=entries[0]["directory"], capture_output=True)
    return pch if r.returncode == 0 else None


def with_pchs(entries, workdir, jobs):
    """(entry, precompiled header or None) for each entry."""
    groups = collections.defaultdict(list)
    for e in entries:  # reads every header once, here, before any thread
        groups[(options_of(e), is_heavy(e))].append(e)
    big = [g for key, g in groups.items() if key[1] and len(g) >= MIN_GROUP]
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        pchs = list(pool.map(lambda ng: build_pch(ng[1], workdir, ng[0]),
                             enumerate(big)))
    out = []
    for group in groups.values():
        pch = pchs[big.index(group)] if group in big else None
        out += [(e, pch) for e in group]
    return out


def check(item):
    entry, pch = item
    command = clang_command(entry)
    if pch is not None:
        command = command[:1] + ["-include-pch", pch] + command[1:]
    r = subprocess.run(command, cwd=entry["directory"],
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
    with tempfile.TemporaryDirectory() as workdir:
        items = with_pchs(entries, workdir, jobs)
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            for lines in pool.map(check, items):
                problems += lines
    for p in problems:
        print(p)
    print(f"{len(entries)} files parsed, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

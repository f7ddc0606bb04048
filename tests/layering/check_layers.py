#!/usr/bin/env python3
"""Fails when a source file includes a header from a layer it may not use.

Each folder (a library target) lists the folders it may include from; the
CMake targets link the same way, so an include that passes here also links.
Run from the repository root: tests/layering/check_layers.py
"""
import pathlib
import re
import sys

# folder -> folders its files may include (besides itself, proto and
# third-party headers). Lower layers first.
ALLOWED = {
    "format": [],
    "core": ["format"],
    "transport": ["format", "core"],
    "storage": ["format", "core"],
    "metrics": ["format", "core"],
    "sheets": ["format", "core"],
    "node/config": ["format", "core", "transport"],
    "node/storage": ["format", "core", "storage"],
    "node/stats": ["format", "core", "node/storage"],
    "node/validation": ["format", "core"],
    "node/witness": ["format", "core"],
    "node/snapshot": ["format", "core", "metrics", "node/storage", "node/stats", "node/witness"],
    "node/service": ["format", "core", "metrics", "transport", "node/storage", "node/stats",
                     "node/snapshot", "node/validation"],
    "node": ["format", "core", "metrics", "transport", "storage", "node/config", "node/storage",
             "node/stats", "node/validation", "node/snapshot", "node/service",
             "node/witness"],
    # The witness: its core, store and HTTP server, shared with the hub
    # (transport: only its plain-HTTP listener, which links no gRPC).
    "witness": ["format", "core", "storage", "metrics", "transport"],
    "hub/config": ["format", "core", "transport"],
    "hub/storage": ["format", "core", "storage"],
    "hub/index": ["format", "core", "hub/storage"],
    "hub/proofs": ["format", "core", "hub/storage"],
    "hub/harvest": ["format", "core", "metrics", "transport", "witness", "hub/storage",
                    "hub/index"],
    "hub/service": ["format", "core", "metrics", "transport", "hub/storage", "hub/index",
                    "hub/proofs", "hub/harvest"],
    "hub/participation": ["format", "core", "metrics", "transport", "storage", "hub/storage"],
    "hub/export": ["format", "core", "sheets", "hub/storage", "hub/index", "hub/proofs",
                   "hub/participation"],
    "hub": ["format", "core", "metrics", "transport", "witness", "hub/config", "hub/storage", "hub/index",
            "hub/proofs", "hub/harvest", "hub/service", "hub/export", "hub/participation"],
    "tools/import": ["format", "core", "sheets"],
    # The auditor's checks trust only core: nothing of the hub or the node.
    "tools/verify": ["format", "core"],
    "tools/disclosurectl": ["format", "core", "transport", "sheets", "tools/import",
                            "tools/verify"],
}
PROJECT = ("format/", "core/", "transport/", "storage/", "metrics/", "sheets/", "node/", "hub/",
           "tools/", "witness/")
INCLUDE = re.compile(r'^#include "([^"]+)"', re.M)
# The format library is meant to be taken alone: besides itself it may use
# only Abseil, the proto messages, OpenSSL, gettext and the C++ library.
FORMAT_QUOTED = ("format/", "absl/", "disclosure/v1/")
ANGLE_INCLUDE = re.compile(r"^#include <([^>]+)>", re.M)
FORMAT_ANGLED = re.compile(r"^(openssl/[\w.]+|libintl\.h|c[a-z]+|[a-z_]+)$")


def format_problems(rel: str, text: str):
    """What a file of format/ includes from outside what it may use."""
    for inc in INCLUDE.findall(text):
        if not inc.startswith(FORMAT_QUOTED):
            yield f"{rel}: includes {inc}; the format may use only {FORMAT_QUOTED}"
    for inc in ANGLE_INCLUDE.findall(text):
        if not FORMAT_ANGLED.match(inc):
            yield f"{rel}: includes <{inc}>; the format may use only OpenSSL, " \
                  "gettext and the C++ library"


def layer_of(path: str) -> str:
    """The most specific folder of ALLOWED that holds `path`."""
    parts = pathlib.PurePosixPath(path).parts[:-1]
    for n in range(len(parts), 0, -1):
        folder = "/".join(parts[:n])
        if folder in ALLOWED:
            return folder
    return ""


def main() -> int:
    root = pathlib.Path(".")
    problems = []
    for f in sorted(root.glob("*/**/*")):
        rel = f.as_posix()
        if f.suffix not in (".h", ".cc") or not rel.startswith(PROJECT):
            continue
        layer = layer_of(rel)
        if not layer:
            problems.append(f"{rel}: in no known layer; add it to ALLOWED")
            continue
        text = f.read_text(encoding="utf-8")
        if layer == "format":
            problems.extend(format_problems(rel, text))
        for inc in INCLUDE.findall(text):
            if not inc.startswith(PROJECT):
                continue
            target = layer_of(inc)
            if target == layer or target in ALLOWED[layer]:
                continue
            problems.append(f"{rel}: includes {inc} ({target or 'unknown'}), "
                            f"which {layer} may not use")
    for p in problems:
        print(p)
    print(f"layering: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

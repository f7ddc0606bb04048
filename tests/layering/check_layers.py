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
    "core": [],
    "transport": ["core"],
    "storage": ["core"],
    "metrics": ["core"],
    "sheets": ["core"],
    "node/config": ["core", "transport"],
    "node/storage": ["core", "storage"],
    "node/stats": ["core", "node/storage"],
    "node/validation": ["core"],
    "node/witness": ["core"],
    "node/snapshot": ["core", "metrics", "node/storage", "node/stats", "node/witness"],
    "node/service": ["core", "metrics", "transport", "node/storage", "node/stats",
                     "node/snapshot", "node/validation"],
    "node": ["core", "metrics", "transport", "storage", "node/config", "node/storage",
             "node/stats", "node/validation", "node/snapshot", "node/service",
             "node/witness"],
    # The witness: its core, store and HTTP server, shared with the hub.
    "witness": ["core", "storage", "metrics"],
    "hub/config": ["core", "transport"],
    "hub/storage": ["core", "storage"],
    "hub/index": ["core", "hub/storage"],
    "hub/proofs": ["core", "hub/storage"],
    "hub/harvest": ["core", "metrics", "transport", "witness", "hub/storage",
                    "hub/index"],
    "hub/service": ["core", "metrics", "transport", "hub/storage", "hub/index",
                    "hub/proofs", "hub/harvest"],
    "hub/export": ["core", "sheets", "hub/storage", "hub/index", "hub/proofs"],
    "hub": ["core", "metrics", "transport", "witness", "hub/config", "hub/storage", "hub/index",
            "hub/proofs", "hub/harvest", "hub/service", "hub/export"],
    "tools/import": ["core", "sheets"],
    # The auditor's checks trust only core: nothing of the hub or the node.
    "tools/verify": ["core"],
    "tools/disclosurectl": ["core", "transport", "sheets", "tools/import",
                            "tools/verify"],
}
PROJECT = ("core/", "transport/", "storage/", "metrics/", "sheets/", "node/", "hub/",
           "tools/", "witness/")
INCLUDE = re.compile(r'^#include "([^"]+)"', re.M)


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
        for inc in INCLUDE.findall(f.read_text(encoding="utf-8")):
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

#include "hub/export/verify_examples.h"

namespace disclosure::hub {

const std::string_view kVerifyNoteGo =
    R"go(// Opens a signed note under one verifier key with Go's
// golang.org/x/mod/sumdb/note, and prints its text.
//
//	go run verify-note.go KEY.vkey export-manifest.note
//
// Exit 0 when a signature by that key verifies, 1 otherwise.
package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run verify-note.go KEY.vkey NOTE")
		os.Exit(2)
	}
	vkey, err := os.ReadFile(os.Args[1])
	check(err)
	msg, err := os.ReadFile(os.Args[2])
	check(err)
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	check(err)
	n, err := note.Open(msg, note.VerifierList(verifier))
	check(err)
	fmt.Print(n.Text)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "NOT verified:", err)
		os.Exit(1)
	}
}
)go";

const std::string_view kVerifyCheckpointPy = R"py(#!/usr/bin/env python3
"""Checks an agency's checkpoint with Python's `cryptography` package only.

    python3 verify-checkpoint.py CHECKPOINT.note AGENCY.vkey [WITNESS.vkey ...]

A checkpoint is a signed note (c2sp.org/signed-note): text, a blank line,
then lines "— <key name> <base64 signature>". The agency signs the text with
Ed25519 (key type 0x01). Each witness cosigns it (c2sp.org/tlog-cosignature,
key type 0x04): Ed25519 over "cosignature/v1\\ntime <T>\\n" followed by the
text, where T is the 8-byte timestamp in front of the signature.
Exit 0 when the agency's signature and every witness's cosignature verify.
"""
import base64
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def read_keys(path):
    """Each line of a .vkey file: name+keyid(hex)+base64(type || key)."""
    keys = []
    for line in open(path, encoding="utf-8").read().split():
        name, key_id, data = line.split("+", 2)
        raw = base64.b64decode(data)
        keys.append((name, bytes.fromhex(key_id), raw[0],
                     Ed25519PublicKey.from_public_bytes(raw[1:])))
    return keys


def split(note):
    """The signed text (ending in a newline) and its (name, blob) lines."""
    cut = note.rindex(b"\n\n") + 1
    lines = []
    for line in note[cut + 1:].decode("utf-8").splitlines():
        dash, name, sig = line.split(" ")
        if dash == "\u2014":
            lines.append((name, base64.b64decode(sig)))
    return note[:cut], lines


def verified(note, key):
    """How `key` signed `note`, or None."""
    name, key_id, key_type, public = key
    text, lines = split(note)
    for signer, blob in lines:
        if signer != name or blob[:4] != key_id:
            continue
        try:
            if key_type == 0x01:
                public.verify(blob[4:], text)
                return "signed"
            if key_type == 0x04:
                (when,) = struct.unpack(">Q", blob[4:12])
                header = b"cosignature/v1\ntime %d\n" % when
                public.verify(blob[12:], header + text)
                return "cosigned at %d" % when
        except InvalidSignature:
            return None
    return None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    note = open(sys.argv[1], "rb").read()
    print(split(note)[0].decode("utf-8"), end="")
    ok = True
    for i, path in enumerate(sys.argv[2:]):
        results = []
        for key in read_keys(path):
            results.append(verified(note, key))
            print("%-12s %s" % (key[0], results[-1] or "NOT VERIFIED"))
        # The agency's file may hold its keys from before and after a
        # rotation: one of them signed. Every witness key must have cosigned.
        agency = i == 0
        ok = ok and (any(results) if agency else all(results))
    sys.exit(0 if ok else 1)


main()
)py";

}  // namespace disclosure::hub

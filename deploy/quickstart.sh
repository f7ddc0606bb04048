#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and runs the system on this
# machine with sample data, writing everything under out/quickstart/.
#
# What runs today: the verifiable format end to end with disclosurectl:
# an agency signing key, a signed checkpoint, its
# verification, and RFC 6962 proofs checked offline. The node and hub
# federation (harvest, index, site) join this script as they land.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target disclosurectl >/dev/null
ctl=build/tools/disclosurectl

out=out/quickstart
rm -rf "$out"
mkdir -p "$out"
origin="disclosure.example.tw/agency/mohw-nhia"

echo "== keys: the agency's checkpoint signing key =="
"$ctl" keygen --name "$origin" --out "$out/mohw-nhia"

echo "== a checkpoint of the agency log (size 1), signed =="
# The log's one leaf is a manifest; here its hash stands in for the root.
root_b64=$(printf '\x00sample manifest' | openssl dgst -sha256 -binary | base64)
printf '%s\n1\n%s\n' "$origin" "$root_b64" >"$out/checkpoint.txt"
"$ctl" note sign --key "$out/mohw-nhia.key" --in "$out/checkpoint.txt" \
  | tee "$out/checkpoint.note"

echo "== an auditor verifies it with the agency's pinned vkey =="
"$ctl" note verify --vkey "$out/mohw-nhia.vkey" --in "$out/checkpoint.note"

echo "== and checks the leaf is in the tree (RFC 6962 inclusion, size 1) =="
root_hex=$(printf '\x00sample manifest' | sha256sum | cut -d' ' -f1)
"$ctl" proof verify-inclusion --leaf-hash "$root_hex" --index 0 --size 1 \
  --root "$root_hex"
echo "quickstart: done; files in $out"

#!/usr/bin/env bash
# Quick start: a small federation on this machine with the sample data.
#
#   1. installs what is missing and builds (Release, build/)
#   2. makes a dev PKI and signing keys (out/quickstart/pki, keys)
#   3. starts one disclosure-node per sample agency on loopback
#   4. agency IT imports the sample spreadsheets and publishes
#   5. the hub harvests every node, verifies, cosigns, indexes, and exports
#      the static site (out/quickstart/site)
#   6. an auditor verifies a proof bundle from the site, offline
#   7. everything is stopped again; logs are in out/quickstart/logs
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target disclosure-node disclosure-hub disclosurectl >/dev/null

td=disclosure.example.tw
out=$PWD/out/quickstart
agencies=(mohw-nhia mohw mof moe moi moea moa)
rm -rf "$out"
mkdir -p "$out"/{keys,logs,nodes}
ctl=build/tools/disclosurectl

deploy/dev-pki.sh "$out/pki" "$td" "${agencies[@]}"
for a in "${agencies[@]}"; do
  "$ctl" keygen --name "$td/agency/$a" --out "$out/keys/$a" >/dev/null
done
"$ctl" keygen --type cosignature --name "$td/hub" --out "$out/keys/hub" >/dev/null
# The export listing has a key of its own (never the cosigning key).
"$ctl" keygen --name "$td/hub/export" --out "$out/keys/export" >/dev/null

# Free loopback ports: node i listens on base+2i (snapshots) and base+2i+1 (admin).
base=$((20000 + RANDOM % 20000))
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== starting ${#agencies[@]} nodes =="
for i in "${!agencies[@]}"; do
  a=${agencies[$i]}
  sp=$((base + 2 * i)) ap=$((base + 2 * i + 1))
  port_free "$sp" && port_free "$ap" || { echo "port $sp or $ap busy; run again" >&2; exit 1; }
  tracked=""
  [[ -f deploy/sample/$a/requests.csv ]] && tracked='statistics_tracked_from: "2025-H2"'
  cat >"$out/nodes/$a.textproto" <<CFG
agency_id: "$a"
trust_domain: "$td"
data_dir: "$out/nodes/$a-db"
snapshot_listen: "127.0.0.1:$sp"
admin_listen: "127.0.0.1:$ap"
snapshot_tls { cert_file: "$out/pki/$a-node.crt" key_file: "$out/pki/$a-node.key" ca_file: "$out/pki/ca.crt" }
signing_key_file: "$out/keys/$a.key"
specific_purposes_file: "$PWD/deploy/vocab/specific-purposes.csv"
data_categories_file: "$PWD/deploy/vocab/data-categories.csv"
$tracked
CFG
  # --init: the first start creates the node's store (0700).
  build/node/disclosure-node --config "$out/nodes/$a.textproto" --init >"$out/logs/$a.log" 2>&1 &
  pids+=($!)
done
for a in "${agencies[@]}"; do
  for _ in $(seq 100); do grep -q "admin on port" "$out/logs/$a.log" && break; sleep 0.1; done
  grep -q "admin on port" "$out/logs/$a.log" || { cat "$out/logs/$a.log"; exit 1; }
done

echo "== agency IT: import the sample spreadsheets and publish =="
for i in "${!agencies[@]}"; do
  a=${agencies[$i]} s=deploy/sample/${agencies[$i]}
  conn=(--node "127.0.0.1:$((base + 2 * i + 1))" --cert "$out/pki/$a-admin.crt"
        --key "$out/pki/$a-admin.key" --ca "$out/pki/ca.crt")
  "$ctl" import profile "$s/profile.csv" "${conn[@]}"
  if [[ -f $s/databases.csv ]]; then
    extra=()
    for t in uses linkages channels; do [[ -f $s/$t.csv ]] && extra+=(--$t "$s/$t.csv"); done
    "$ctl" import databases "$s/databases.csv" "${extra[@]}" "${conn[@]}"
  fi
  [[ -f $s/requests.csv ]] && "$ctl" import requests "$s/requests.csv" "${conn[@]}"
  "$ctl" publish "${conn[@]}" | head -n 1
done

echo "== the hub harvests, verifies, cosigns, indexes and exports =="
{
  cat <<CFG
trust_domain: "$td"
data_dir: "$out/hub-db"
index_listen: "127.0.0.1:$((base + 100))"
index_cert_file: "$out/pki/hub-index.crt"
index_key_file: "$out/pki/hub-index.key"
client_cert_file: "$out/pki/hub-client.crt"
client_key_file: "$out/pki/hub-client.key"
ca_file: "$out/pki/ca.crt"
cosigning_key_file: "$out/keys/hub.key"
export_signing_key_file: "$out/keys/export.key"
export_dir: "$out/site"
specific_purposes_file: "$PWD/deploy/vocab/specific-purposes.csv"
data_categories_file: "$PWD/deploy/vocab/data-categories.csv"
synonyms_file: "$PWD/deploy/vocab/synonyms.csv"
CFG
  for i in "${!agencies[@]}"; do
    a=${agencies[$i]}
    printf 'agencies { agency_id: "%s" endpoint: "127.0.0.1:%d" signing_vkeys: "%s" }\n' \
      "$a" "$((base + 2 * i))" "$(cat "$out/keys/$a.vkey")"
  done
} >"$out/hub.textproto"
build/hub/disclosure-hub --config "$out/hub.textproto" --once 2>&1 | tee "$out/logs/hub.log" |
  grep -E "harvest round|accepted"

echo "== an auditor checks one disclosure offline, trusting only the agency's key and the hub's =="
"$ctl" bundle verify --in "$out/site/bundles/mohw-nhia/db/nhi-claims.bundle" \
  --vkey "$out/keys/mohw-nhia.vkey" --witness "$out/keys/hub.vkey" --min-cosignatures 1

echo "== coverage =="
grep -o '"name":"[^"]*","target":"[0-9]*","actual":"[0-9]*","met":[a-z]*' "$out/site/coverage.json" || true
echo "quickstart: done. Static site: $out/site ($(ls "$out/site/" | tr '\n' ' '))"

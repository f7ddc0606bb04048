#!/usr/bin/env bash
# Quick start: a small federation on this machine with the sample data.
#
#   deploy/quickstart.sh          run it and keep it running (Ctrl-C stops)
#   deploy/quickstart.sh --once   run it once and exit (scripts, CI)
#   deploy/quickstart.sh stop     stop a running quick start
#
#   1. installs what is missing and builds (Release, build/)
#   2. makes a PKI (deploy/pki.sh) and signing keys (out/quickstart/pki,
#      private); the public keys an auditor trusts go to out/quickstart/keys
#   3. starts two independent witnesses (disclosure-witness) and one
#      disclosure-node per sample agency on loopback; each node serves a
#      checkpoint only once both witnesses cosigned it
#   4. agency IT imports the sample spreadsheets and publishes
#   5. the hub harvests every node, verifies, cosigns as the third witness,
#      indexes, and exports the data and the site (out/quickstart/site)
#   6. an auditor verifies one proof bundle, then the whole export, offline,
#      every checkpoint with three cosignatures
#   7. without --once: the hub keeps harvesting (its admin service and
#      metrics on loopback) and nginx serves the site on a loopback URL
#      until Ctrl-C; logs are in out/quickstart/logs
set -euo pipefail
cd "$(dirname "$0")/.."
out=$PWD/out/quickstart
mode=${1:-run}
case "$mode" in
  run|--once) ;;
  stop)
    if [[ -f $out/run/pids ]]; then
      kill $(cat "$out/run/pids") 2>/dev/null || true
      rm -f "$out/run/pids"
      echo "quickstart: stopped"
    else
      echo "quickstart: not running"
    fi
    exit 0 ;;
  -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: deploy/quickstart.sh [--once | stop]" >&2; exit 2 ;;
esac
# A quick start still running from before is stopped first.
[[ -f $out/run/pids ]] && { kill $(cat "$out/run/pids") 2>/dev/null || true; sleep 1; }
deploy/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target disclosure-node disclosure-hub disclosure-witness \
  disclosurectl >/dev/null

td=disclosure.example.tw
agencies=(mohw-nhia mohw mof moe moi moea moa)
rm -rf "$out"
mkdir -p "$out"/{keys,private,logs,nodes,run,witnesses}
chmod 700 "$out/private"
ctl=build/tools/disclosurectl

# The CA once, then one certificate per party (deploy/pki.sh, as an office
# would run it; certificates for loopback).
deploy/pki.sh init "$out/pki" "$td" --days 365 >/dev/null
for kind_name in hub/harvester hub-admin/operator index/hub auditor/dev; do
  deploy/pki.sh issue "$out/pki" "${kind_name%/*}" "${kind_name#*/}" --days 365 >/dev/null
done
for a in "${agencies[@]}"; do
  deploy/pki.sh issue "$out/pki" node "$a" --days 365 >/dev/null
  deploy/pki.sh issue "$out/pki" admin "$a" --days 365 >/dev/null
done
# Private keys stay in private/; keys/ holds only the public keys an auditor
# trusts (every agency's, the hub's cosigner key, the export-signing key).
for a in "${agencies[@]}"; do
  "$ctl" keygen --name "$td/agency/$a" --out "$out/private/$a" >/dev/null
done
"$ctl" keygen --type cosignature --name "$td/hub" --out "$out/private/hub" >/dev/null
# The export listing has a key of its own (never the cosigning key).
"$ctl" keygen --name "$td/hub/export" --out "$out/private/export" >/dev/null
# Two independent witnesses (say, the Control Yuan and a university), each
# with its own key: no agency and not the hub can fork a log unnoticed.
witnesses=(cy ntu)
for w in "${witnesses[@]}"; do
  "$ctl" keygen --type cosignature --name "witness.$w.example.tw" \
    --out "$out/private/witness-$w" >/dev/null
done
cp "$out"/private/*.vkey "$out/keys/"
# Receipts for questions from the site have a key of their own too; the
# export publishes it as keys/hub-participation.vkey.
"$ctl" keygen --name "$td/hub/participation" --out "$out/private/participation" >/dev/null

# Free loopback ports: node i listens on base+2i (snapshots) and base+2i+1 (admin).
base=$((20000 + RANDOM % 20000))
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "$out/run/pids"
}
trap cleanup EXIT
trap 'echo; echo "quickstart: stopping"; exit 0' INT TERM

echo "== starting ${#witnesses[@]} independent witnesses (c2sp.org/tlog-witness) =="
for j in "${!witnesses[@]}"; do
  w=${witnesses[$j]} wp=$((base + 110 + j))
  port_free "$wp" || { echo "port $wp busy; run again" >&2; exit 1; }
  {
    printf 'key_file: "%s"\nlisten: "127.0.0.1:%d"\ndata_dir: "%s"\n' \
      "$out/private/witness-$w.key" "$wp" "$out/witnesses/$w-db"
    for a in "${agencies[@]}"; do printf 'log_vkeys: "%s"\n' "$(cat "$out/keys/$a.vkey")"; done
  } >"$out/witnesses/$w.textproto"
  build/witness/disclosure-witness --config "$out/witnesses/$w.textproto" --init \
    >"$out/logs/witness-$w.log" 2>&1 &
  pids+=($!)
done
# Every node needs both witnesses' cosignatures before it serves a checkpoint.
{
  for j in "${!witnesses[@]}"; do
    w=${witnesses[$j]}
    echo "witness $w $(cat "$out/keys/witness-$w.vkey") http://127.0.0.1:$((base + 110 + j))"
  done
  echo "group independent all ${witnesses[*]}"
  echo "quorum independent"
} >"$out/nodes/witnesses.policy"
for w in "${witnesses[@]}"; do
  for _ in $(seq 100); do grep -q "listening" "$out/logs/witness-$w.log" && break; sleep 0.1; done
  grep -q "listening" "$out/logs/witness-$w.log" || { cat "$out/logs/witness-$w.log"; exit 1; }
done

echo "== starting ${#agencies[@]} nodes =="
for i in "${!agencies[@]}"; do
  a=${agencies[$i]}
  sp=$((base + 2 * i)) ap=$((base + 2 * i + 1))
  port_free "$sp" && port_free "$ap" || { echo "port $sp or $ap busy; run again" >&2; exit 1; }
  tracked=""
  [[ -f deploy/sample/$a/requests.csv ]] && tracked='statistics_tracked_from: "2025-H2"'
  # An agency that withholds something (withholding.csv) writes format 2.
  format=""
  [[ -f deploy/sample/$a/withholding.csv ]] && format='snapshot_format_version: 2'
  cat >"$out/nodes/$a.textproto" <<CFG
agency_id: "$a"
trust_domain: "$td"
data_dir: "$out/nodes/$a-db"
snapshot_listen: "127.0.0.1:$sp"
admin_listen: "127.0.0.1:$ap"
snapshot_tls { cert_file: "$out/pki/node-$a.crt" key_file: "$out/pki/node-$a.key" ca_file: "$out/pki/ca.crt" }
signing_key_file: "$out/private/$a.key"
witness_policy_file: "$out/nodes/witnesses.policy"
specific_purposes_file: "$PWD/deploy/vocab/specific-purposes.csv"
data_categories_file: "$PWD/deploy/vocab/data-categories.csv"
$tracked
$format
CFG
  # --init: the first start creates the node's store (0700).
  build/node/disclosure-node --config "$out/nodes/$a.textproto" --init >"$out/logs/$a.log" 2>&1 &
  pids+=($!)
  echo "${pids[*]}" >"$out/run/pids"
done
for a in "${agencies[@]}"; do
  for _ in $(seq 100); do grep -q "admin on port" "$out/logs/$a.log" && break; sleep 0.1; done
  grep -q "admin on port" "$out/logs/$a.log" || { cat "$out/logs/$a.log"; exit 1; }
done

echo "== agency IT: import the sample spreadsheets and publish =="
for i in "${!agencies[@]}"; do
  a=${agencies[$i]} s=deploy/sample/${agencies[$i]}
  conn=(--node "127.0.0.1:$((base + 2 * i + 1))" --cert "$out/pki/admin-$a.crt"
        --key "$out/pki/admin-$a.key" --ca "$out/pki/ca.crt")
  "$ctl" import profile "$s/profile.csv" "${conn[@]}"
  if [[ -f $s/databases.csv ]]; then
    extra=()
    for t in uses linkages channels withholding; do [[ -f $s/$t.csv ]] && extra+=(--$t "$s/$t.csv"); done
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
index_cert_file: "$out/pki/index-hub.crt"
index_key_file: "$out/pki/index-hub.key"
client_cert_file: "$out/pki/hub-harvester.crt"
client_key_file: "$out/pki/hub-harvester.key"
admin_listen: "127.0.0.1:$((base + 102))"
admin_cert_file: "$out/pki/index-hub.crt"
admin_key_file: "$out/pki/index-hub.key"
metrics_listen: "127.0.0.1:$((base + 103))"
ca_file: "$out/pki/ca.crt"
cosigning_key_file: "$out/private/hub.key"
export_signing_key_file: "$out/private/export.key"
export_dir: "$out/site"
specific_purposes_file: "$PWD/deploy/vocab/specific-purposes.csv"
data_categories_file: "$PWD/deploy/vocab/data-categories.csv"
synonyms_file: "$PWD/deploy/vocab/synonyms.csv"
witness_listen: "127.0.0.1:$((base + 104))"
witness_policy_file: "$out/hub-witnesses.policy"
search_http_listen: "127.0.0.1:$((base + 107))"
participation {
  intake_listen: "127.0.0.1:$((base + 105))"
  queue_listen: "127.0.0.1:$((base + 106))"
  receipt_signing_key_file: "$out/private/participation.key"
}
CFG
  for i in "${!agencies[@]}"; do
    a=${agencies[$i]}
    printf 'agencies { agency_id: "%s" endpoint: "127.0.0.1:%d" signing_vkeys: "%s" }\n' \
      "$a" "$((base + 2 * i))" "$(cat "$out/keys/$a.vkey")"
  done
} >"$out/hub.textproto"
# The hub accepts a snapshot only with three cosignatures: its own and both
# independent witnesses'.
{
  echo "witness hub $(cat "$out/keys/hub.vkey")"
  for w in "${witnesses[@]}"; do echo "witness $w $(cat "$out/keys/witness-$w.vkey")"; done
  echo "group all-three all hub ${witnesses[*]}"
  echo "quorum all-three"
} >"$out/hub-witnesses.policy"
build/hub/disclosure-hub --config "$out/hub.textproto" --once 2>&1 | tee "$out/logs/hub.log" |
  grep -E "harvest round|accepted"

echo "== the hub keeps running: it harvests every minute and takes questions from the site =="
echo "harvest_interval_seconds: 60" >>"$out/hub.textproto"
build/hub/disclosure-hub --config "$out/hub.textproto" >>"$out/logs/hub.log" 2>&1 &
hub_pid=$!
pids+=($hub_pid)
echo "${pids[*]}" >"$out/run/pids"
for _ in $(seq 100); do grep -q "participation: intake on port" "$out/logs/hub.log" && break; sleep 0.1; done
hub_admin=(--hub "127.0.0.1:$((base + 102))" --cert "$out/pki/hub-admin-operator.crt"
           --key "$out/pki/hub-admin-operator.key" --ca "$out/pki/ca.crt")

echo "== a citizen asks about moe's database on its page; the hub signs a receipt =="
mkdir -p "$out/receipts"
ask() {  # ask TEXT PUBLISH OUTFILE: what the page's form posts
  curl -sf -H 'Accept: text/plain' "http://127.0.0.1:$((base + 105))/participation/submit" \
    --data-urlencode agency=moe --data-urlencode concerns=db/heir \
    --data-urlencode kind=question --data-urlencode "text=$1" \
    --data-urlencode "publish=$2" -o "$3"
}
ask "這個資料庫會把我的學籍資料提供給哪些單位？我的電話是 0912-345-678。" yes "$out/receipts/q1.note"
ask "資料保存多久後會刪除？" no "$out/receipts/q2.note"
"$ctl" note verify --vkey "$out/private/participation.vkey" --in "$out/receipts/q1.note" | head -n 4
moe_admin=(--cert "$out/pki/admin-moe.crt" --key "$out/pki/admin-moe.key" --ca "$out/pki/ca.crt")
moe_i=3
echo "== moe's IT reads its queue and answers in its own signed log =="
"$ctl" feedback list --queue "127.0.0.1:$((base + 106))" "${moe_admin[@]}"
"$ctl" feedback answer q1 --text "學籍資料僅依大學法及個人資料保護法提供教育部所屬研究單位，不提供民間。" \
  --publish --queue "127.0.0.1:$((base + 106))" \
  --node "127.0.0.1:$((base + 2 * moe_i + 1))" "${moe_admin[@]}"

echo "== the coordinating office opens a consultation round on two databases; a citizen gives an opinion in it =="
closes=$(date -u -d '+30 days 8 hours' +%F)  # 30 days ahead, in Taipei
"$ctl" hub consultation open "${hub_admin[@]}" \
  --title-zh "學籍與健保資料跨機關利用之意見徵詢" \
  --title-en "Consultation on using student and health insurance records across agencies" \
  --description-zh "請就下列資料庫的目的外利用與資料串連提供意見。" \
  --description-en "Give your opinion on how these databases are used outside their purpose and linked." \
  --entry moe/db/heir --entry mohw-nhia/db/nhi-claims --closes "$closes" \
  --document "徵詢說明（示範）=https://www.example.gov.tw/consultation-2026.pdf" \
  --platform-url "https://join.gov.tw/policies/"
curl -sf -H 'Accept: text/plain' "http://127.0.0.1:$((base + 105))/participation/submit" \
  --data-urlencode agency=moe --data-urlencode concerns=db/heir --data-urlencode kind=c1 \
  --data-urlencode "text=建議公開學籍資料提供研究單位的次數與欄位。" --data-urlencode publish=yes \
  -o "$out/receipts/q3.note"
grep '^consultation' "$out/receipts/q3.note"
"$ctl" hub harvest "${hub_admin[@]}" | tail -n 1

echo "== an auditor checks one disclosure offline, trusting only the agency's key and the hub's =="
"$ctl" verify entry "$out/site/bundles/mohw-nhia/db/nhi-claims.bundle" --trusted-keys "$out/keys"
echo "== ... and the whole export: every file, checkpoint, bundle, history, each with three cosignatures =="
"$ctl" verify export "$out/site" --trusted-keys "$out/keys" --min-cosignatures 3 | tail -n 1

echo "== ... and follows every agency's log as tlog-tiles (run it again after the next harvest) =="
"$ctl" monitor "$out/site" --state "$out/monitor" --trusted-keys "$out/keys" --min-cosignatures 3


echo "== coverage =="
grep -o '"name":"[^"]*","target":"[0-9]*","actual":"[0-9]*","met":[a-z]*' "$out/site/coverage.json" || true
echo "quickstart: export in $out/site (open $out/site/index.html)"
echo "quickstart: verifier keys in $out/keys:"
for k in "$out"/keys/*.vkey; do echo "  $(cat "$k")"; done
[[ $mode == --once ]] && exit 0

echo "== keeping it running: nginx serves the site and passes its forms to the hub =="
web=$((base + 101))
port_free "$web" || { echo "port $web busy; run again" >&2; exit 1; }
sed -e "s#@LISTEN@#127.0.0.1:$web#" -e "s#@ROOT@#$out/site#" \
  -e "s#@INTAKE@#127.0.0.1:$((base + 105))#" \
  -e "s#@SEARCH@#127.0.0.1:$((base + 107))#" \
  deploy/nginx/disclosure-site.conf >"$out/run/site.conf"
cat >"$out/run/nginx.conf" <<CFG
daemon off;
worker_processes 1;
pid $out/run/nginx.pid;
error_log $out/logs/nginx-error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log $out/logs/nginx-access.log;
  client_body_temp_path $out/run/nginx-body;
  proxy_temp_path $out/run/nginx-proxy;
  fastcgi_temp_path $out/run/nginx-fastcgi;
  uwsgi_temp_path $out/run/nginx-uwsgi;
  scgi_temp_path $out/run/nginx-scgi;
  include $out/run/site.conf;
}
CFG
/usr/sbin/nginx -c "$out/run/nginx.conf" -p "$out/run" >>"$out/logs/nginx-error.log" 2>&1 &
pids+=($!)
echo "${pids[*]}" >"$out/run/pids"
sleep 1
cat <<MSG

  The site:          http://127.0.0.1:$web/
  The hub's index:   127.0.0.1:$((base + 100)), gRPC over TLS (CA $out/pki/ca.crt),
                     service disclosure.v1.hub.IndexService in proto/ (reflection on)
  Hub status:        $ctl hub status --hub 127.0.0.1:$((base + 102))
                       --cert $out/pki/hub-admin-operator.crt
                       --key $out/pki/hub-admin-operator.key --ca $out/pki/ca.crt
                     (also: hub harvest, hub export, hub backup --to DIR)
  Metrics:           http://127.0.0.1:$((base + 103))/metrics
  Consultations:     http://127.0.0.1:$web/consultations.html; the office's rounds:
                     $ctl hub consultation list --hub 127.0.0.1:$((base + 102)) (certificates as above)
  Questions:         posted from each database's page to the hub; receipts in $out/receipts/
                     moe's queue: $ctl feedback list --queue 127.0.0.1:$((base + 106))
                       --cert $out/pki/admin-moe.crt --key $out/pki/admin-moe.key --ca $out/pki/ca.crt
  Witnesses:         the hub's at http://127.0.0.1:$((base + 104))/add-checkpoint; independent ones
                     at http://127.0.0.1:$((base + 110)) and :$((base + 111)) (c2sp.org/tlog-witness)
  Verify an entry:   $ctl verify entry $out/site/bundles/mohw-nhia/db/nhi-claims.bundle --trusted-keys $out/keys
  Verify it all:     $ctl verify export $out/site --trusted-keys $out/keys
  Follow the logs:   $ctl monitor http://127.0.0.1:$web/ --state $out/monitor --trusted-keys $out/keys
                       --min-cosignatures 3 --watch 60
  Logs:              $out/logs/
  Stop:              Ctrl-C here, or deploy/quickstart.sh stop

MSG
wait

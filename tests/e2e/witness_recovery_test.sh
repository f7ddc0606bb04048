#!/usr/bin/env bash
# End to end, with the real programs: no single party forks an agency's
# log, and a node that loses its disk continues it.
#
#   two disclosure-witness processes, one disclosure-node that needs both
#   their cosignatures, one disclosure-hub;
#   1. the node publishes snapshot 0, is backed up, publishes 1 and 2; the
#      hub accepts the log of size 3;
#   2. the store and the signed-checkpoint file are lost; the backup is
#      restored (the documented procedure): the store holds 1 snapshot;
#   3. a publication is refused before anything is signed: the witnesses
#      hold size 3;
#   4. `disclosure-node recover` rebuilds snapshots 1 and 2 from the hub,
#      checked against the node's own key;
#   5. the node publishes snapshot 3 and the hub accepts it as consistent:
#      one history, no fork, no evidence;
#   6. a torn write-ahead-log tail (20 bytes cut off): the node opens, and
#      the log continues;
#   7. twins: a second node on copies of the store and file signs nothing
#      (the witnesses hold the first one's newer checkpoint); a third on the
#      first one's signed-checkpoint file does not even start;
#   8. an old store adopted with --adopt-store signs nothing;
#   9. a clock 400 days ahead (faketime) signs nothing, and after the clock
#      is right the log continues and the hub accepts it.
#
#   witness_recovery_test.sh NODE HUB WITNESS DISCLOSURECTL NODE_PLAIN_MALLOC
#
# NODE_PLAIN_MALLOC is the node built without jemalloc, which libfaketime
# cannot be preloaded beside.
set -euo pipefail
node_bin=$1 hub_bin=$2 witness_bin=$3 ctl=$4 plain_node_bin=$5
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/logs/*; do echo "== $f"; tail -n 20 "$f"; done >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 150); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; fail "no \"$2\" in $1"; }

td=disclosure.test a=mof
mkdir -p "$work"/{logs,private,keys}
chmod 700 "$work/private"
deploy/pki.sh init "$work/pki" "$td" --days 800 >/dev/null
for kind_name in hub/harvester index/hub node/$a admin/$a; do
  deploy/pki.sh issue "$work/pki" "${kind_name%/*}" "${kind_name#*/}" --days 800 >/dev/null
done
"$ctl" keygen --name "$td/agency/$a" --out "$work/private/$a" >/dev/null
"$ctl" keygen --type cosignature --name "$td/hub" --out "$work/private/hub" >/dev/null
"$ctl" keygen --name "$td/hub/export" --out "$work/private/export" >/dev/null
for w in w1 w2; do
  "$ctl" keygen --type cosignature --name "$w.witness.test" --out "$work/private/$w" >/dev/null
done

# The witnesses.
policy="$work/witnesses.policy"
: >"$policy"
for w in w1 w2; do
  p=$(free_port)
  printf 'key_file: "%s"\nlisten: "127.0.0.1:%s"\ndata_dir: "%s"\nlog_vkeys: "%s"\n' \
    "$work/private/$w.key" "$p" "$work/$w-db" "$(cat "$work/private/$a.vkey")" >"$work/$w.textproto"
  "$witness_bin" --config "$work/$w.textproto" --init >"$work/logs/$w.log" 2>&1 &
  pids+=($!)
  wait_for "$work/logs/$w.log" listening
  echo "witness $w $(cat "$work/private/$w.vkey") http://127.0.0.1:$p" >>"$policy"
done
echo "group both all w1 w2" >>"$policy"
echo "quorum both" >>"$policy"

sp=$(free_port) ap=$(free_port)
cat >"$work/node.textproto" <<CFG
agency_id: "$a"
trust_domain: "$td"
data_dir: "$work/node-db"
snapshot_listen: "127.0.0.1:$sp"
admin_listen: "127.0.0.1:$ap"
snapshot_tls { cert_file: "$work/pki/node-$a.crt" key_file: "$work/pki/node-$a.key" ca_file: "$work/pki/ca.crt" }
signing_key_file: "$work/private/$a.key"
witness_policy_file: "$policy"
specific_purposes_file: "$PWD/deploy/vocab/specific-purposes.csv"
data_categories_file: "$PWD/deploy/vocab/data-categories.csv"
CFG
conn=(--node "127.0.0.1:$ap" --cert "$work/pki/admin-$a.crt" --key "$work/pki/admin-$a.key" --ca "$work/pki/ca.crt")
node_pid=""
# start_node [CONFIG [PREFIX...]] [-- FLAGS...]: the node of CONFIG (default
# node.textproto), run under PREFIX (e.g. faketime), waiting for its admin
# port in `conn`.
start_node() {
  local config="$work/node.textproto" prefix=()
  if [[ ${1:-} == --config ]]; then config=$2; shift 2; fi
  local bin=$node_bin
  # libfaketime preloaded into the node itself (the faketime wrapper would
  # fork, and stop_node would stop the wrapper only).
  if [[ ${1:-} == --faketime ]]; then
    prefix=(env LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
            "FAKETIME=$2")
    bin=$plain_node_bin
    shift 2
  fi
  "${prefix[@]}" "$bin" --config "$config" "$@" >>"$work/logs/node.log" 2>&1 &
  node_pid=$!
  pids+=($node_pid)
  for _ in $(seq 150); do "$ctl" status "${conn[@]}" >/dev/null 2>&1 && return 0; sleep 0.1; done
  fail "the node did not start"
}
stop_node() { kill "$node_pid"; wait "$node_pid" 2>/dev/null || true; }
publish_refused() {  # publish_refused WHAT EXPECTED-TEXT
  local out
  if out=$("$ctl" publish "${conn[@]}" 2>&1); then fail "$1: a publication was signed: $out"; fi
  grep -q "$2" <<<"$out" || fail "$1: unexpected refusal: $out"
}

ip=$(free_port)
cat >"$work/hub.textproto" <<CFG
trust_domain: "$td"
data_dir: "$work/hub-db"
index_listen: "127.0.0.1:$ip"
index_cert_file: "$work/pki/index-hub.crt"
index_key_file: "$work/pki/index-hub.key"
client_cert_file: "$work/pki/hub-harvester.crt"
client_key_file: "$work/pki/hub-harvester.key"
ca_file: "$work/pki/ca.crt"
cosigning_key_file: "$work/private/hub.key"
export_signing_key_file: "$work/private/export.key"
export_dir: "$work/site"
agencies { agency_id: "$a" endpoint: "127.0.0.1:$sp" signing_vkeys: "$(cat "$work/private/$a.vkey")" }
CFG
harvest() { "$hub_bin" --config "$work/hub.textproto" --once >"$work/logs/hub-$1.log" 2>&1 || true; }

echo "== 1. publish, back up, publish twice; the hub accepts size 3 =="
start_node --init
"$ctl" import profile deploy/sample/$a/profile.csv "${conn[@]}" >/dev/null
out=$("$ctl" publish "${conn[@]}") || fail "publish 0: $out"
grep -q "Witnesses: cosigned by w1, w2" <<<"$out" || fail "snapshot 0 not witnessed: $out"
"$ctl" backup --to "$work/backup" "${conn[@]}" >/dev/null
for i in 1 2; do
  sleep 1
  "$ctl" import databases deploy/sample/$a/databases.csv "${conn[@]}" >/dev/null 2>&1 || true
  out=$("$ctl" publish "${conn[@]}") || fail "publish $i: $out"
done
harvest 1
grep -q "accepted snapshot 2" "$work/logs/hub-1.log" || fail "the hub did not accept snapshot 2"

echo "== 2. the disk is lost; the backup is restored =="
stop_node
rm -rf "$work/node-db" "$work/node-db.signed-checkpoint"
"$node_bin" restore --config "$work/node.textproto" --from "$work/backup" >>"$work/logs/node.log" 2>&1 ||
  fail "restore"
start_node
# Reported at start, before anyone tries to publish.
wait_for "$work/logs/node.log" "start-up check with the witnesses .*witness w. has cosigned a checkpoint of log size 3"
# ... and it shows the hub no older head than the one the hub holds: no
# rollback, no evidence against the agency.
harvest restored
if grep -qiE "rollback|misbehav|evidence" "$work/logs/hub-restored.log"; then
  fail "the restored node showed the hub an older head"
fi

echo "== 3. publishing now would fork the log: refused, nothing signed =="
if out=$("$ctl" publish "${conn[@]}" 2>&1); then fail "a publication after the restore was signed: $out"; fi
grep -q "has cosigned a checkpoint of log size 3" <<<"$out" || fail "unexpected refusal: $out"
"$ctl" snapshots "${conn[@]}" | grep -q "^" || true

echo "== 4. recover the lost snapshots from the hub =="
stop_node
"$hub_bin" --config "$work/hub.textproto" >"$work/logs/hub-serve.log" 2>&1 &
hub_pid=$!
pids+=($hub_pid)
wait_for "$work/logs/hub-serve.log" "serving the index"
"$node_bin" recover --config "$work/node.textproto" --hub "127.0.0.1:$ip" \
  --hub_ca "$work/pki/ca.crt" >"$work/logs/recover.log" 2>&1 || fail "recover"
grep -q "the store held 1 snapshots, now 3" "$work/logs/recover.log" || fail "recover said: $(cat "$work/logs/recover.log")"
kill "$hub_pid"; wait "$hub_pid" 2>/dev/null || true

echo "== 5. the log continues: snapshot 3, accepted as consistent =="
start_node
sleep 1
out=$("$ctl" publish "${conn[@]}") || fail "publish after recovery: $out"
grep -q "published snapshot 3" <<<"$out" || fail "unexpected: $out"
grep -q "Witnesses: cosigned by w1, w2" <<<"$out" || fail "snapshot 3 not witnessed: $out"
harvest 2
grep -q "accepted snapshot 3" "$work/logs/hub-2.log" || fail "the hub did not accept snapshot 3"
if grep -qiE "fork|misbehav|evidence" "$work/logs/hub-2.log"; then fail "the hub saw a fork"; fi

echo "== 6. a torn write-ahead-log tail: the node opens and the log continues =="
stop_node
wal=$(ls "$work"/node-db/*.log | sort | tail -n 1)
truncate -s -20 "$wal"
start_node
sleep 1
out=$("$ctl" publish "${conn[@]}") || fail "publish after a torn tail: $out"
grep -q "published snapshot 4" <<<"$out" || fail "unexpected: $out"

echo "== 7. twins on copies of one store and file; a third on the same file =="
stop_node
cp -a "$work/node-db" "$work/twin-db"
cp -a "$work/node-db.signed-checkpoint" "$work/twin-db.signed-checkpoint"
tsp=$(free_port) tap=$(free_port)
sed -e "s#$work/node-db#$work/twin-db#" -e "s#127.0.0.1:$sp#127.0.0.1:$tsp#" \
  -e "s#127.0.0.1:$ap#127.0.0.1:$tap#" "$work/node.textproto" >"$work/twin.textproto"
start_node
first=$node_pid
sleep 1
"$ctl" publish "${conn[@]}" >/dev/null || fail "the first twin could not publish"
conn[1]="127.0.0.1:$tap"
start_node --config "$work/twin.textproto"
publish_refused "the second twin" "has cosigned a checkpoint of log size 6"
stop_node
echo "signed_checkpoint_file: \"$work/node-db.signed-checkpoint\"" >>"$work/twin.textproto"
if "$node_bin" --config "$work/twin.textproto" >"$work/logs/third.log" 2>&1; then
  fail "a third node on the first one's signed-checkpoint file started"
fi
grep -q "in use by another running node" "$work/logs/third.log" ||
  fail "third node: $(cat "$work/logs/third.log")"
conn[1]="127.0.0.1:$ap"
node_pid=$first
stop_node

echo "== 8. an old store adopted with --adopt-store signs nothing =="
mv "$work/node-db" "$work/node-db.kept"
mv "$work/node-db.signed-checkpoint" "$work/node-db.signed-checkpoint.kept"
"$node_bin" restore --config "$work/node.textproto" --from "$work/backup" >>"$work/logs/node.log" 2>&1
rm -f "$work/node-db.signed-checkpoint"
start_node --adopt-store
publish_refused "the adopted old store" "has cosigned a checkpoint of log size 6"
stop_node
rm -rf "$work/node-db" "$work/node-db.signed-checkpoint"
mv "$work/node-db.kept" "$work/node-db"
mv "$work/node-db.signed-checkpoint.kept" "$work/node-db.signed-checkpoint"

echo "== 9. a clock 400 days ahead signs nothing; the log continues once it is right =="
start_node --faketime "+400d"
publish_refused "the clock 400 days ahead" "this clock is 400 days ahead"
stop_node
start_node
out=$("$ctl" publish "${conn[@]}") || fail "publish with the clock right: $out"
grep -q "published snapshot 6" <<<"$out" || fail "unexpected: $out"
harvest 3
grep -q "accepted snapshot 6" "$work/logs/hub-3.log" || fail "the hub did not accept snapshot 6"
if grep -qiE "fork|misbehav|evidence" "$work/logs/hub-3.log"; then fail "the hub saw a fork"; fi
echo "witness recovery test: passed"

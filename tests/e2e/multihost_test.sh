#!/usr/bin/env bash
# A federation across hosts: the hub and three nodes, each in a network
# namespace of its own joined by veth pairs with addresses made here (node i
# at 10.77.i.2, the hub's side at 10.77.i.1). The nodes publish the sample
# data; the hub harvests them across the links; one link is cut and the hub
# reports that agency unreachable; the link is restored and it is fresh
# again. Operators talk to the hub through `disclosurectl hub` inside the
# hub's namespace, agency IT to each node inside its own.
#
#   tests/e2e/multihost_test.sh DISCLOSURE_NODE DISCLOSURE_HUB DISCLOSURECTL
#
# Exit 77 (skipped) where namespaces cannot be made (not root, no ip).
set -euo pipefail
node_bin=$(realpath "$1") hub_bin=$(realpath "$2") ctl=$(realpath "$3")
skip() { echo "multihost_test: SKIPPED: $*"; exit 77; }
[[ $(id -u) == 0 ]] || skip "needs root to make network namespaces (CI runs as root)"
command -v ip >/dev/null || skip "the ip command (iproute2) is missing"
tag=dn$$
ip netns add "$tag-probe" 2>/dev/null || skip "ip netns add is not permitted here"
ip netns del "$tag-probe"

work=$(mktemp -d)
agencies=(mof moe moi)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for ns in hub "${agencies[@]}"; do ip netns del "$tag-$ns" 2>/dev/null || true; done
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/*.log; do echo "--- $f"; tail -n 20 "$f"; done >&2
  exit 1
}
in_ns() { local ns=$1; shift; ip netns exec "$tag-$ns" "$@"; }

echo "== network: hub and ${#agencies[@]} nodes in their own namespaces =="
ip netns add "$tag-hub"
in_ns hub ip link set lo up
for i in "${!agencies[@]}"; do
  a=${agencies[$i]} n=$((i + 1))
  ip netns add "$tag-$a"
  in_ns "$a" ip link set lo up
  ip link add "$tag-h$n" type veth peer name "$tag-n$n"
  ip link set "$tag-h$n" netns "$tag-hub"
  ip link set "$tag-n$n" netns "$tag-$a"
  in_ns hub ip addr add "10.77.$n.1/24" dev "$tag-h$n"
  in_ns hub ip link set "$tag-h$n" up
  in_ns "$a" ip addr add "10.77.$n.2/24" dev "$tag-n$n"
  in_ns "$a" ip link set "$tag-n$n" up
done

echo "== certificates and keys =="
td=multihost.test
pki=$work/pki
deploy/pki.sh init "$pki" "$td" --days 2 >/dev/null
deploy/pki.sh issue "$pki" hub harvester --days 2 >/dev/null
deploy/pki.sh issue "$pki" hub-admin ops --days 2 >/dev/null
deploy/pki.sh issue "$pki" index hub --days 2 >/dev/null
for i in "${!agencies[@]}"; do
  a=${agencies[$i]}
  deploy/pki.sh issue "$pki" node "$a" --ip "10.77.$((i + 1)).2" --dns localhost --ip 127.0.0.1 --days 2 >/dev/null
  deploy/pki.sh issue "$pki" admin "$a" --days 2 >/dev/null
  "$ctl" keygen --name "$td/agency/$a" --out "$work/$a" >/dev/null
done
"$ctl" keygen --type cosignature --name "$td/hub" --out "$work/hub" >/dev/null

echo "== nodes: start, import the sample data, publish =="
for i in "${!agencies[@]}"; do
  a=${agencies[$i]}
  cat >"$work/$a.textproto" <<CFG
agency_id: "$a"
trust_domain: "$td"
data_dir: "$work/$a-db"
snapshot_listen: "10.77.$((i + 1)).2:7444"
admin_listen: "127.0.0.1:7443"
snapshot_tls { cert_file: "$pki/node-$a.crt" key_file: "$pki/node-$a.key" ca_file: "$pki/ca.crt" }
signing_key_file: "$work/$a.key"
specific_purposes_file: "$PWD/deploy/vocab/specific-purposes.csv"
data_categories_file: "$PWD/deploy/vocab/data-categories.csv"
CFG
  # Not through in_ns: a function run in the background is a subshell, and
  # killing its pid would leave the server running. `ip netns exec` execs
  # the server, so $! is the server itself.
  ip netns exec "$tag-$a" "$node_bin" --config "$work/$a.textproto" --init >"$work/$a.log" 2>&1 &
  pids+=($!)
done
for a in "${agencies[@]}"; do
  for _ in $(seq 100); do grep -q "admin on port" "$work/$a.log" && break; sleep 0.1; done
  grep -q "admin on port" "$work/$a.log" || fail "node $a did not start"
  conn=(--node 127.0.0.1:7443 --cert "$pki/admin-$a.crt" --key "$pki/admin-$a.key" --ca "$pki/ca.crt")
  s=deploy/sample/$a
  in_ns "$a" "$ctl" import profile "$s/profile.csv" "${conn[@]}" >/dev/null
  extra=()
  for t in uses linkages channels; do [[ -f $s/$t.csv ]] && extra+=(--$t "$s/$t.csv"); done
  in_ns "$a" "$ctl" import databases "$s/databases.csv" "${extra[@]}" "${conn[@]}" >/dev/null
  in_ns "$a" "$ctl" publish "${conn[@]}" >/dev/null || fail "node $a could not publish"
  # The node's log says what was imported and published, with counts, in
  # timestamped lines with a level.
  grep -Eq '^20[0-9-]+T[0-9:.]+Z INFO node: [0-9]+ database entries imported, [0-9]+ new or changed$' "$work/$a.log" ||
    fail "node $a did not log its import with counts"
  grep -Eq 'INFO node: published snapshot 0: [0-9]+ entries, expires 20' "$work/$a.log" ||
    fail "node $a did not log its publication"
done

echo "== the hub harvests across the links =="
{
  cat <<CFG
trust_domain: "$td"
data_dir: "$work/hub-db"
index_listen: "127.0.0.1:8443"
index_cert_file: "$pki/index-hub.crt"
index_key_file: "$pki/index-hub.key"
client_cert_file: "$pki/hub-harvester.crt"
client_key_file: "$pki/hub-harvester.key"
ca_file: "$pki/ca.crt"
cosigning_key_file: "$work/hub.key"
admin_listen: "127.0.0.1:8444"
admin_cert_file: "$pki/index-hub.crt"
admin_key_file: "$pki/index-hub.key"
harvest_interval_seconds: 3600
limits { rpc_deadline_seconds: 3 }
CFG
  for i in "${!agencies[@]}"; do
    a=${agencies[$i]}
    printf 'agencies { agency_id: "%s" endpoint: "10.77.%d.2:7444" signing_vkeys: "%s" }\n' \
      "$a" "$((i + 1))" "$(cat "$work/$a.vkey")"
  done
} >"$work/hub.textproto"
ip netns exec "$tag-hub" "$hub_bin" --config "$work/hub.textproto" >"$work/hub.log" 2>&1 &
pids+=($!)
op=(--hub 127.0.0.1:8444 --cert "$pki/hub-admin-ops.crt" --key "$pki/hub-admin-ops.key" --ca "$pki/ca.crt")
status() { in_ns hub "$ctl" hub status "${op[@]}" 2>&1 || true; }
wait_status() {  # text, seconds
  for _ in $(seq $(($2 * 5))); do status | grep -q "$1" && return 0; sleep 0.2; done
  status >&2
  return 1
}
wait_status "3 agencies registered, 3 fresh" 30 || fail "the hub did not harvest all three nodes"
status | grep -E "^(mof|moe|moi) " 

echo "== moe's link is cut =="
in_ns hub ip link set "$tag-h2" down
out=$(in_ns hub "$ctl" hub harvest --agency moe "${op[@]}" 2>&1) && fail "a harvest across a cut link succeeded: $out"
echo "$out"
echo "$out" | grep -q "UNREACHABLE" || fail "harvest did not report moe unreachable"
status | grep -E "^moe +UNREACHABLE" || fail "status does not show moe unreachable"
status | grep -q "2 fresh, 1 need attention" || fail "status does not count one agency needing attention"

echo "== the link is restored =="
in_ns hub ip link set "$tag-h2" up
for _ in $(seq 20); do
  out=$(in_ns hub "$ctl" hub harvest --agency moe "${op[@]}" 2>&1) && break
  sleep 1
done
echo "$out"
wait_status "3 agencies registered, 3 fresh" 10 || fail "moe did not become fresh again"
status | grep -E "^moe +fresh"
echo "multihost_test: passed"

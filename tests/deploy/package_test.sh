#!/usr/bin/env bash
# The Debian packages, as an agency's IT and the coordinating office would
# use them, on a clean Debian 12 root made by debootstrap:
#
#   1. deploy/package.sh builds them twice, as version V and as V+1 (a
#      newer build); lintian reports no error; `cmake --install --prefix`
#      puts everything inside the prefix.
#   2. V installs with apt: programs in /usr/bin, units, conffiles, the
#      users and 0700 state folders; nothing is started.
#   3. A node and a hub run from the installed programs as their users
#      (there is no systemd in the root: the programs directly), with the
#      configuration in /etc: the node is initialised, imports sample data
#      and publishes; the hub harvests it, cosigns and exports.
#   4. V+1 installs over V while the node runs: the edited configuration,
#      keys, stores and the signed-checkpoint file carry over; the postinst
#      asks systemd to restart the services (a recording stand-in for
#      systemctl here), and nothing is initialised again: the restarted
#      node continues its log, the hub accepts the next snapshot as
#      consistent with the one it holds, and the export verifies.
#   5. Remove keeps the node's data; purge deletes it.
#
#   tests/deploy/package_test.sh BUILD_DIR
#
# Needs root and the Debian archive; exits 77 (skipped) when not root, or
# when DN_PACKAGE_TEST=0.
set -euo pipefail
build=$(cd "${1:?usage: package_test.sh BUILD_DIR}" && pwd)
cd "$(dirname "$0")/../.."
src=$PWD
[[ ${DN_PACKAGE_TEST:-1} == 0 ]] && { echo "skipped: DN_PACKAGE_TEST=0"; exit 77; }
[[ $(id -u) == 0 ]] || { echo "skipped: needs root (debootstrap, chroot)"; exit 77; }
for tool in debootstrap lintian chroot; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (deploy/install-deps.sh)"; exit 1; }
done

work=$(mktemp -d /tmp/dn-package-test.XXXXXX)
root=$work/root
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
in_root() { chroot "$root" "$@"; }
# As the service's user, the program exec'd in place (its pid is ours to
# signal, as systemd's would be).
as() { local user=$1; shift; chroot --userspec="$user:$user" "$root" "$@"; }

step "1. packages V and V+1, lintian"
version=$(sed -n 's/^project(disclosure_net VERSION \([^ ]*\).*/\1/p' CMakeLists.txt)
newer="$version+1"
deploy/package.sh --no-build --build-dir "$build" --out "$work/v1" >/dev/null
deploy/package.sh --no-build --build-dir "$build" --out "$work/v2" --version "$newer" >/dev/null
expected="disclosure-hub disclosure-net-common disclosure-node disclosure-witness disclosurectl"
got=$(for f in "$work"/v1/*.deb; do dpkg-deb -f "$f" Package; done | sort | xargs)
[[ $got == "$expected" ]] || fail "packages built: $got, want $expected"
lintian "$work"/v1/*.deb >"$work/lintian.txt" 2>&1 || true
if grep '^E:' "$work/lintian.txt"; then fail "lintian reports errors"; fi
echo "lintian: $(grep -c '^W:' "$work/lintian.txt" || true) warnings, no error"

# `cmake --install` too, under another prefix: everything inside it.
cmake --install "$build" --prefix "$work/inst" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "cmake --install"; }
for f in bin/disclosure-node bin/disclosure-hub bin/disclosurectl bin/disclosure-witness \
  lib/systemd/system/disclosure-node.service etc/disclosure-node/node.textproto \
  share/locale/zh_TW/LC_MESSAGES/disclosure-net.mo share/disclosure-net/vocab/synonyms.csv; do
  [[ -e $work/inst/$f ]] || fail "cmake --install --prefix left out $f"
done
if grep -- "-- Installing: " "$work/install.log" | grep -v -- "-- Installing: $work/inst/"; then
  fail "cmake --install --prefix wrote outside the prefix"
fi

step "2. a clean Debian 12 root; V installed with apt"
# The archive this machine installs from (CI may reach no other).
mirror=${DN_DEBIAN_MIRROR:-$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
  awk '$2 == "bookworm" { print $1; exit }')}
mirror=${mirror:-http://deb.debian.org/debian}
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log"; fail "debootstrap"; }
mount -t proc proc "$root/proc" 2>/dev/null ||
  echo "note: /proc could not be mounted in the root; going on without it"
# Stand-ins that record what the maintainer scripts ask of systemd (dpkg
# runs them with PATH=/usr/sbin:/usr/bin:/sbin:/bin), over the real
# deb-systemd-invoke in this throw-away root.
mkdir -p "$root/run/systemd/system"
stand_in() {
  printf '#!/bin/sh\necho "%s $*" >>/var/log/systemd-calls\n' "$1" >"$root/usr/bin/$1"
  chmod 755 "$root/usr/bin/$1"
}
stand_in systemctl
stand_in deb-systemd-invoke
mkdir -p "$root/tmp/v1" "$root/tmp/v2"
cp "$work"/v1/*.deb "$root/tmp/v1/"
cp "$work"/v2/*.deb "$root/tmp/v2/"
apt_install() {
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends -o Dpkg::Options::=--force-confdef \
    -o Dpkg::Options::=--force-confold "$@" >>"$work/apt.log" 2>&1 ||
    { tail -30 "$work/apt.log"; fail "apt-get install $*"; }
}
in_root apt-get update -q >"$work/apt.log" 2>&1 || fail "apt-get update"
debs() { (cd "$root" && for f in tmp/"$1"/*.deb; do echo "/$f"; done); }
# shellcheck disable=SC2046  # one word per package file
apt_install $(debs v1)
for p in $expected; do
  v=$(in_root dpkg-query -W -f='${Version}' "$p")
  [[ $v == "$version" ]] || fail "$p is at $v after installing $version"
done
for f in /usr/bin/disclosure-node /usr/bin/disclosure-hub /usr/bin/disclosurectl \
  /usr/bin/disclosure-witness /lib/systemd/system/disclosure-node.service \
  /lib/systemd/system/disclosure-hub.service /usr/lib/sysusers.d/disclosure-net.conf \
  /usr/share/disclosure-net/vocab/synonyms.csv \
  /usr/share/locale/zh_TW/LC_MESSAGES/disclosure-net.mo \
  /usr/share/doc/disclosure-node/examples/node.textproto; do
  [[ -e $root$f ]] || fail "$f is not installed"
done
in_root dpkg-query -W -f='${Conffiles}\n' disclosure-node | grep -q /etc/disclosure-node/node.textproto ||
  fail "/etc/disclosure-node/node.textproto is not a conffile"
for s in disclosure-node disclosure-hub; do
  [[ $(in_root stat -c '%a %U' "/var/lib/$s") == "700 $s" ]] ||
    fail "/var/lib/$s is $(in_root stat -c '%a %U' "/var/lib/$s")"
done
if grep -q "try-restart\|start " "$root/var/log/systemd-calls" 2>/dev/null; then
  fail "a first install started a service: $(cat "$root/var/log/systemd-calls")"
fi
[[ $(LANG=zh_TW.UTF-8 in_root disclosurectl --help 2>&1 | head -1) == *揭露* ]] ||
  fail "disclosurectl does not find its Traditional Chinese catalog"

step "3. a node and a hub from the installed programs, configured in /etc"
td=disclosure.test
agency=moi
pki=$work/pki
deploy/pki.sh init "$pki" "$td" --days 30 >/dev/null
deploy/pki.sh issue "$pki" node "$agency" --days 30 >/dev/null
deploy/pki.sh issue "$pki" admin "$agency" --days 30 >/dev/null
deploy/pki.sh issue "$pki" hub harvester --days 30 >/dev/null
deploy/pki.sh issue "$pki" index hub --days 30 >/dev/null
etc_node=$root/etc/disclosure-node etc_hub=$root/etc/disclosure-hub
install -d -m 0750 -g "$(in_root id -g disclosure-node)" "$etc_node/tls" "$etc_node/keys"
install -d -m 0750 -g "$(in_root id -g disclosure-hub)" "$etc_hub/tls" "$etc_hub/keys"
install -m 0644 "$pki/ca.crt" "$pki/node-$agency.crt" "$etc_node/tls/"
install -m 0600 -o "$(in_root id -u disclosure-node)" "$pki/node-$agency.key" "$etc_node/tls/"
install -m 0644 "$pki/ca.crt" "$pki/hub-harvester.crt" "$pki/index-hub.crt" "$etc_hub/tls/"
install -m 0600 -o "$(in_root id -u disclosure-hub)" "$pki/hub-harvester.key" "$pki/index-hub.key" "$etc_hub/tls/"
mkdir -p "$root/root/admin" && cp "$pki/ca.crt" "$pki/admin-$agency.crt" "$pki/admin-$agency.key" "$root/root/admin/"
in_root disclosurectl keygen --name "$td/agency/$agency" --out /etc/disclosure-node/keys/signing >/dev/null
in_root disclosurectl keygen --type cosignature --name "$td/hub" --out /etc/disclosure-hub/keys/cosigner >/dev/null
in_root disclosurectl keygen --name "$td/hub/export" --out /etc/disclosure-hub/keys/export >/dev/null
in_root chown disclosure-node /etc/disclosure-node/keys/signing.key
in_root chown disclosure-hub /etc/disclosure-hub/keys/cosigner.key /etc/disclosure-hub/keys/export.key
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
snap=$(port) admin=$(port) index=$(port) hub_admin=$(port)
# The installed conffile, edited as an agency's IT would.
cat >"$etc_node/node.textproto" <<CFG
agency_id: "$agency"
trust_domain: "$td"
data_dir: "/var/lib/disclosure-node/store"
snapshot_listen: "127.0.0.1:$snap"
admin_listen: "127.0.0.1:$admin"
snapshot_tls {
  cert_file: "/etc/disclosure-node/tls/node-$agency.crt"
  key_file: "/etc/disclosure-node/tls/node-$agency.key"
  ca_file: "/etc/disclosure-node/tls/ca.crt"
}
signing_key_file: "/etc/disclosure-node/keys/signing.key"
specific_purposes_file: "/usr/share/disclosure-net/vocab/specific-purposes.csv"
data_categories_file: "/usr/share/disclosure-net/vocab/data-categories.csv"
CFG
cat >"$etc_hub/hub.textproto" <<CFG
trust_domain: "$td"
data_dir: "/var/lib/disclosure-hub/store"
index_listen: "127.0.0.1:$index"
index_cert_file: "/etc/disclosure-hub/tls/index-hub.crt"
index_key_file: "/etc/disclosure-hub/tls/index-hub.key"
client_cert_file: "/etc/disclosure-hub/tls/hub-harvester.crt"
client_key_file: "/etc/disclosure-hub/tls/hub-harvester.key"
admin_listen: "127.0.0.1:$hub_admin"
admin_cert_file: "/etc/disclosure-hub/tls/index-hub.crt"
admin_key_file: "/etc/disclosure-hub/tls/index-hub.key"
ca_file: "/etc/disclosure-hub/tls/ca.crt"
cosigning_key_file: "/etc/disclosure-hub/keys/cosigner.key"
export_signing_key_file: "/etc/disclosure-hub/keys/export.key"
export_dir: "/srv/disclosure/site"
specific_purposes_file: "/usr/share/disclosure-net/vocab/specific-purposes.csv"
data_categories_file: "/usr/share/disclosure-net/vocab/data-categories.csv"
synonyms_file: "/usr/share/disclosure-net/vocab/synonyms.csv"
agencies {
  agency_id: "$agency"
  endpoint: "127.0.0.1:$snap"
  signing_vkeys: "$(cat "$root/etc/disclosure-node/keys/signing.vkey")"
}
CFG
install -d -o "$(in_root id -u disclosure-hub)" -m 0755 "$root/srv/disclosure"
mkdir -p "$root/root/sample" && cp deploy/sample/$agency/*.csv "$root/root/sample/"

start_node() {  # $@: extra flags (--init on the first start)
  # Not through `as`: a function sent to the background is a subshell,
  # and $! would be its pid, not the node's.
  chroot --userspec=disclosure-node:disclosure-node "$root" disclosure-node \
    --config /etc/disclosure-node/node.textproto "$@" >>"$work/node.log" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
  for _ in $(seq 100); do
    [[ $(grep -c "admin on port" "$work/node.log") -ge $starts ]] && return 0
    sleep 0.1
  done
  cat "$work/node.log"
  fail "the node did not start"
}
ctl_node() {
  in_root disclosurectl "$@" --node "127.0.0.1:$admin" --cert "/root/admin/admin-$agency.crt" \
    --key "/root/admin/admin-$agency.key" --ca /root/admin/ca.crt
}
hub_once() {
  as disclosure-hub disclosure-hub --config /etc/disclosure-hub/hub.textproto --once \
    >>"$work/hub.log" 2>&1 || { tail -20 "$work/hub.log"; fail "disclosure-hub --once"; }
}
# Agency IT imports the sample and publishes snapshot $1; the hub harvests,
# must accept it (as consistent with what it holds), and its export must
# verify.
publish_and_harvest() {
  ctl_node import databases /root/sample/databases.csv --uses /root/sample/uses.csv \
    --channels /root/sample/channels.csv >/dev/null
  ctl_node publish >/dev/null
  hub_once
  grep -q "agency $agency: accepted snapshot $1" "$work/hub.log" ||
    { tail -20 "$work/hub.log"; fail "the hub did not accept snapshot $1"; }
  in_root disclosurectl verify export /srv/disclosure/site --trusted-keys /root/trusted >/dev/null ||
    fail "the export with snapshot $1 does not verify"
}
mkdir -p "$root/root/trusted"
cp "$root"/etc/disclosure-node/keys/signing.vkey "$root"/etc/disclosure-hub/keys/*.vkey "$root/root/trusted/"
starts=1
start_node --init
ctl_node import profile /root/sample/profile.csv >/dev/null
publish_and_harvest 0

fingerprint() {  # what must carry over an upgrade unchanged
  (cd "$root" && sha256sum etc/disclosure-node/node.textproto etc/disclosure-node/keys/* \
    etc/disclosure-hub/keys/* var/lib/disclosure-node/store.signed-checkpoint)
}
fingerprint >"$work/before.sha256"

step "4. V+1 over V while the node runs"
: >"$root/var/log/systemd-calls"
# shellcheck disable=SC2046
apt_install $(debs v2)
for p in $expected; do
  v=$(in_root dpkg-query -W -f='${Version}' "$p")
  [[ $v == "$newer" ]] || fail "$p is at $v after upgrading to $newer"
done
fingerprint | diff "$work/before.sha256" - || fail "configuration, keys or checkpoint changed"
for s in disclosure-node disclosure-hub; do
  grep -q "deb-systemd-invoke try-restart $s.service" "$root/var/log/systemd-calls" ||
    fail "the upgrade did not restart $s: $(cat "$root/var/log/systemd-calls")"
done
# What systemd's try-restart does: stop the old program, start the new one
# on the same store, without --init.
kill "$node_pid" && wait "$node_pid" || true
starts=2
start_node
# Snapshot 1, accepted as consistent with the snapshot 0 the hub holds: the
# node continued its log on the old store, the hub kept its own.
publish_and_harvest 1

step "5. remove keeps the node's data, purge deletes it"
kill "$node_pid" && wait "$node_pid" || true
in_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q disclosure-node >>"$work/apt.log" 2>&1
[[ -f $root/var/lib/disclosure-node/store.signed-checkpoint ]] || fail "remove deleted the node's data"
[[ -f $root/etc/disclosure-node/node.textproto ]] || fail "remove deleted the configuration"
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q disclosure-node >>"$work/apt.log" 2>&1
[[ ! -e $root/var/lib/disclosure-node ]] || fail "purge kept /var/lib/disclosure-node"
[[ ! -e $root/etc/disclosure-node/node.textproto ]] || fail "purge kept the conffile"
echo "package_test: OK ($version -> $newer)"

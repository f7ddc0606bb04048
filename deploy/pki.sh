#!/usr/bin/env bash
# The federation's certificates: one CA, made once, and one certificate per
# party, added one at a time. Every certificate names its party with a
# SPIFFE ID (a URI SAN), which is what the node and the hub check.
#
#   deploy/pki.sh init DIR TRUST_DOMAIN [--days N]
#       Makes the CA (DIR/ca.crt, DIR/ca.key) once. Refuses when DIR already
#       holds a CA: a new CA would invalidate every certificate issued.
#   deploy/pki.sh issue DIR KIND NAME [--dns HOST]... [--ip ADDR]... [--days N] [--renew]
#       Adds DIR/KIND-NAME.crt and .key, signed by the existing CA, which it
#       never changes. KIND and the identity it gets:
#         node       spiffe://TD/agency/NAME         an agency's node (server
#                                                     and client)
#         admin      spiffe://TD/agency/NAME/admin   an agency's IT staff
#         hub        spiffe://TD/hub                 the hub's harvester
#         hub-admin  spiffe://TD/hub/admin           the office's operators
#         auditor    spiffe://TD/auditor/NAME        an auditor
#         index      (no SPIFFE ID)                  the hub's public index
#       --dns/--ip are the names clients reach a server by (default
#       localhost and 127.0.0.1). An existing certificate is kept unless
#       --renew, which keeps the old pair as *.previous.
#   deploy/pki.sh show DIR
#       Every certificate in DIR with its identity and expiry.
#
# Keys are EC P-256, mode 0600. Keep ca.key offline in production: only
# `issue` needs it.
set -euo pipefail

die() { echo "pki.sh: $*" >&2; exit 2; }
usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; }

cmd=${1:-}
[[ $cmd == -h || $cmd == --help ]] && { usage; exit 0; }
[[ $# -ge 2 ]] || { usage >&2; exit 2; }
dir=$2
shift 2

init() {
  local td=${1:-} days=3650
  [[ -n $td ]] || die "init needs DIR TRUST_DOMAIN"
  shift
  while [[ $# -gt 0 ]]; do
    case $1 in --days) days=$2; shift 2 ;; *) die "unknown option $1" ;; esac
  done
  [[ $td =~ ^[a-z0-9.-]+$ ]] || die "trust domain '$td': use lower-case letters, digits, dots and dashes"
  if [[ -e $dir/ca.crt || -e $dir/ca.key ]]; then
    die "$dir already holds a CA; it is never replaced (every certificate it issued would stop working). Use 'issue' to add certificates."
  fi
  mkdir -p "$dir"
  (umask 077
   openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
     -days "$days" -subj "/CN=disclosure-net CA ($td)" \
     -keyout "$dir/ca.key" -out "$dir/ca.crt" \
     -addext "basicConstraints=critical,CA:TRUE" \
     -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null)
  chmod 644 "$dir/ca.crt"
  echo "$td" >"$dir/trust-domain"
  echo "pki.sh: CA for $td in $dir (valid $days days); keep $dir/ca.key safe"
}

issue() {
  local kind=${1:-} name=${2:-} days=397 renew=0 sans=() id=""
  [[ -n $kind && -n $name ]] || die "issue needs DIR KIND NAME"
  shift 2
  while [[ $# -gt 0 ]]; do
    case $1 in
      --dns) sans+=("DNS:$2"); shift 2 ;;
      --ip) sans+=("IP:$2"); shift 2 ;;
      --days) days=$2; shift 2 ;;
      --renew) renew=1; shift ;;
      *) die "unknown option $1" ;;
    esac
  done
  [[ -f $dir/ca.crt && -f $dir/ca.key ]] || die "no CA in $dir: run 'deploy/pki.sh init $dir TRUST_DOMAIN' first"
  [[ $name =~ ^[a-z0-9][a-z0-9._-]{0,62}$ ]] || die "name '$name': use lower-case letters, digits, '.', '_' and '-'"
  local td
  td=$(cat "$dir/trust-domain")
  case $kind in
    node) id="spiffe://$td/agency/$name" ;;
    admin) id="spiffe://$td/agency/$name/admin" ;;
    hub) id="spiffe://$td/hub" ;;
    hub-admin) id="spiffe://$td/hub/admin" ;;
    auditor) id="spiffe://$td/auditor/$name" ;;
    index) id="" ;;
    *) die "kind '$kind': use node, admin, hub, hub-admin, auditor or index" ;;
  esac
  [[ ${#sans[@]} -gt 0 ]] || sans=("DNS:localhost" "IP:127.0.0.1")
  local san
  san=$(IFS=,; echo "${sans[*]}")
  [[ -n $id ]] && san="URI:$id,$san"
  local base="$dir/$kind-$name"
  if [[ -e $base.crt ]]; then
    [[ $renew == 1 ]] || die "$base.crt exists (expires $(openssl x509 -in "$base.crt" -noout -enddate | cut -d= -f2)); add --renew to replace it"
    mv "$base.crt" "$base.crt.previous"
    mv "$base.key" "$base.key.previous"
  fi
  local ext
  ext=$(mktemp)
  trap 'rm -f "$ext" "$base.csr"' RETURN
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' "$san" >"$ext"
  (umask 077
   openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
     -subj "/CN=$kind $name" -keyout "$base.key" -out "$base.csr" 2>/dev/null)
  # A random serial per certificate: nothing is written next to the CA.
  openssl x509 -req -in "$base.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days "$days" -out "$base.crt" \
    -extfile "$ext" 2>/dev/null
  chmod 644 "$base.crt"
  echo "pki.sh: $base.crt for ${id:-$san} (valid $days days)"
}

show() {
  local f
  for f in "$dir"/*.crt; do
    printf '%-32s %-48s %s\n' "$(basename "$f")" \
      "$(openssl x509 -in "$f" -noout -ext subjectAltName 2>/dev/null | grep -o 'URI:[^,]*' | head -1 || true)" \
      "$(openssl x509 -in "$f" -noout -enddate | cut -d= -f2)"
  done
}

case $cmd in
  init) init "$@" ;;
  issue) issue "$@" ;;
  show) show ;;
  *) usage >&2; exit 2 ;;
esac

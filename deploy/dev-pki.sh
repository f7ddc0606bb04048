#!/usr/bin/env bash
# A development PKI for a federation on one machine: one CA and the
# certificates every party needs, with SPIFFE URI SANs. NOT for production:
# deployments bring their own CA.
#
#   deploy/dev-pki.sh OUT_DIR TRUST_DOMAIN AGENCY_ID...
#
# Writes OUT_DIR/ca.crt (+ ca.key), hub-client.{crt,key} (spiffe://TD/hub),
# hub-index.{crt,key} (server certificate for localhost), and for each
# agency <id>-node.{crt,key} (spiffe://TD/agency/<id>) and
# <id>-admin.{crt,key} (spiffe://TD/agency/<id>/admin), plus
# auditor.{crt,key} (spiffe://TD/auditor/dev). Keys are mode 0600.
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 OUT_DIR TRUST_DOMAIN AGENCY_ID..." >&2; exit 2; }
out=$1 td=$2
shift 2
mkdir -p "$out"
umask 077

openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=disclosure-net dev CA ($td)" -keyout "$out/ca.key" -out "$out/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2>/dev/null

issue() {  # name spiffe-id-or-empty
  local name=$1 id=$2 san="DNS:localhost,IP:127.0.0.1"
  [[ -n $id ]] && san="URI:$id,$san"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
    -keyout "$out/$name.key" -out "$out/$name.csr" 2>/dev/null
  openssl x509 -req -in "$out/$name.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" \
    -CAcreateserial -days 30 -out "$out/$name.crt" \
    -extfile <(printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' "$san") \
    2>/dev/null
  rm -f "$out/$name.csr"
}

issue hub-client "spiffe://$td/hub"
issue hub-index ""
issue auditor "spiffe://$td/auditor/dev"
for agency in "$@"; do
  issue "$agency-node" "spiffe://$td/agency/$agency"
  issue "$agency-admin" "spiffe://$td/agency/$agency/admin"
done
chmod 644 "$out"/*.crt
echo "dev-pki: CA and certificates for hub and ${#} agencies in $out"

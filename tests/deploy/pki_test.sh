#!/usr/bin/env bash
# deploy/pki.sh: init makes the CA once and refuses to replace it; issue
# adds one certificate signed by it, with the right SPIFFE ID, and never
# touches the CA; an existing certificate is kept unless --renew.
set -euo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pki=deploy/pki.sh
fail() { echo "FAIL: $*" >&2; exit 1; }

$pki init "$dir" example.tw >/dev/null
ca_before=$(sha256sum "$dir/ca.crt" "$dir/ca.key")
[[ $(stat -c %a "$dir/ca.key") == 600 ]] || fail "ca.key is not 0600"

# A second init is refused and changes nothing.
if $pki init "$dir" example.tw 2>"$dir/err"; then fail "second init succeeded"; fi
grep -q "never replaced" "$dir/err" || fail "second init: $(cat "$dir/err")"

$pki issue "$dir" node mof --dns mof.example.tw --ip 10.0.0.2 >/dev/null
$pki issue "$dir" admin mof >/dev/null
$pki issue "$dir" hub harvester >/dev/null
$pki issue "$dir" hub-admin ops >/dev/null
$pki issue "$dir" auditor cy >/dev/null
$pki issue "$dir" index hub --dns disclosure.example.tw >/dev/null
[[ $(sha256sum "$dir/ca.crt" "$dir/ca.key") == "$ca_before" ]] || fail "issue changed the CA"
[[ ! -e $dir/ca.srl ]] || fail "issue wrote a serial file beside the CA"

san() { openssl x509 -in "$dir/$1.crt" -noout -ext subjectAltName; }
for pair in "node-mof:URI:spiffe://example.tw/agency/mof" \
            "admin-mof:URI:spiffe://example.tw/agency/mof/admin" \
            "hub-harvester:URI:spiffe://example.tw/hub," \
            "hub-admin-ops:URI:spiffe://example.tw/hub/admin" \
            "auditor-cy:URI:spiffe://example.tw/auditor/cy"; do
  name=${pair%%:*} want=${pair#*:}
  openssl verify -CAfile "$dir/ca.crt" "$dir/$name.crt" >/dev/null || fail "$name does not verify"
  san "$name" | grep -q "$want" || fail "$name lacks $want: $(san "$name")"
  [[ $(stat -c %a "$dir/$name.key") == 600 ]] || fail "$name.key is not 0600"
done
san node-mof | grep -q "DNS:mof.example.tw, IP Address:10.0.0.2" || fail "node SANs: $(san node-mof)"
san index-hub | grep -q "URI:" && fail "index certificate has a SPIFFE ID"

# Existing certificates are kept unless --renew.
before=$(sha256sum "$dir/node-mof.crt")
if $pki issue "$dir" node mof 2>"$dir/err"; then fail "reissue without --renew succeeded"; fi
grep -q -- "--renew" "$dir/err" || fail "reissue: $(cat "$dir/err")"
[[ $(sha256sum "$dir/node-mof.crt") == "$before" ]] || fail "refused reissue changed the certificate"
$pki issue "$dir" node mof --renew >/dev/null
[[ -f $dir/node-mof.crt.previous ]] || fail "renew did not keep the previous certificate"
[[ $(sha256sum "$dir/ca.crt" "$dir/ca.key") == "$ca_before" ]] || fail "renew changed the CA"

# Bad input is refused with a reason.
$pki issue "$dir" wizard x 2>"$dir/err" && fail "unknown kind accepted"
grep -q "kind 'wizard'" "$dir/err" || fail "unknown kind: $(cat "$dir/err")"
$pki issue "$dir" node "../x" 2>"$dir/err" && fail "path-like name accepted"
$pki issue "$dir.missing" node x 2>"$dir/err" && fail "issue without a CA succeeded"
grep -q "run 'deploy/pki.sh init" "$dir/err" || fail "missing CA: $(cat "$dir/err")"
echo "pki_test: all checks passed"
